using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Buurtbudget.Storage.Sqlite;

/// <summary>Copies the write-ahead log into the database file beside the writer, on a connection of its own, so that the
/// writer does not do it inside a commit.
/// <para>Why: with SQLite's default (<c>wal_autocheckpoint</c> of 1,000 pages) the connection that commits past the
/// threshold checkpoints right after its commit: it copies some four megabytes into the database file and syncs it to
/// disk before it takes the next group of appends. On a voting day that is about once a second, and every resident
/// whose ballot waits behind it waits that long, so the slowest answers were those checkpoints. A passive checkpoint on
/// another connection does the same copying while the writer goes on committing to the log: it takes no lock the
/// writer needs and never waits for one.</para>
/// <para>The writer keeps a checkpoint of its own as a safety net (<see cref="WriterCheckpointPages"/>): under an unbroken
/// stream of commits a passive checkpoint may never find the log fully copied at a moment the writer starts, and only
/// then does the log start again from its beginning. The writer's checkpoint then copies only what arrived since the
/// last pass of this one.</para>
/// <para>Durability is unchanged: a commit is durable when its log frames are synced (<c>synchronous=FULL</c>); this
/// connection syncs the database file before the log may be reused, as SQLite's own checkpoint does.</para></summary>
internal sealed partial class SqliteCheckpointer : IDisposable
{
    /// <summary>How often the log is copied into the database file while the store is open.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The writer's own <c>wal_autocheckpoint</c> (pages of 4 KiB, so 40 MiB of log): far above what accumulates
    /// between two passes of the checkpointer, so that it only restarts a log that the checkpointer could not.</summary>
    public const int WriterCheckpointPages = 10_000;

    private readonly string _connectionString;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private SqliteConnection? _connection;
    private bool _failing;
    private long _completedPasses;

    public SqliteCheckpointer(string databasePath, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            // Never creates the file: a database that vanished stays missing (the store reports it), it is not
            // replaced by an empty one here.
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString();
        _interval = interval;
        _time = time;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Passes that copied the whole log at that moment into the database file; tests wait for one.</summary>
    public long CompletedPasses => Interlocked.Read(ref _completedPasses);

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            _loop.Wait();
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(inner => inner is OperationCanceledException))
        {
            // Stopped while waiting for the next pass.
        }

        _connection?.Dispose();
        _connection = null;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval, _time);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            Pass();
        }
    }

    private void Pass()
    {
        try
        {
            _connection ??= Open();
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            using var reader = command.ExecuteReader();
            // One row: busy (1 when a lock was held), frames in the log, frames copied into the database file.
            if (reader.Read() && reader.GetInt64(0) == 0 && reader.GetInt64(1) == reader.GetInt64(2))
            {
                Interlocked.Increment(ref _completedPasses);
            }

            if (_failing)
            {
                _failing = false;
                LogRecovered(_logger);
            }
        }
        catch (SqliteException exception)
        {
            // Only time is lost: the writer's own checkpoint still bounds the log. Logged once per spell of failures.
            if (!_failing)
            {
                _failing = true;
                LogFailed(_logger, exception);
            }

            _connection?.Dispose();
            _connection = null;
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The checkpoint syncs the database file before the log may be reused, whatever this connection's default.
            command.CommandText = "PRAGMA synchronous = FULL;";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Copying the event store's write-ahead log into its database file failed; the writer's own checkpoint bounds the log meanwhile")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Copying the event store's write-ahead log into its database file works again")]
    private static partial void LogRecovered(ILogger logger);
}
