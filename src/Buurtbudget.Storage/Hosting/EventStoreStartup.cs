using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Postgres;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Buurtbudget.Storage.Hosting;

/// <summary>Migrates a PostgreSQL schema when the host starts, so a node that cannot use its database says so in its
/// start-up log. A server that is not reachable yet does not stop the node: <c>/health/ready</c> reports it, and the
/// store migrates on its first successful call. (The SQLite store migrates when it opens its file.)</summary>
internal sealed partial class EventStoreStartup(IEventStore store, ILogger logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is not PostgresEventStore postgres)
        {
            return;
        }

        try
        {
            await postgres.InitializeAsync(cancellationToken);
        }
        catch (StorageUnavailableException exception)
        {
            LogNotMigrated(logger, exception, postgres.Description);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "The event store at {Database} could not be prepared at start; the node is not ready until it can")]
    private static partial void LogNotMigrated(ILogger logger, Exception exception, string database);
}
