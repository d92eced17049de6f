namespace Buurtbudget.LoadTesting.Nodes;

public enum StoreKind
{
    Sqlite = 0,
    Postgres = 1,
}

/// <summary>How a node is started: which build, which store, where its files live. Two nodes started with the same
/// settings, one after the other, are one node restarted on the same data. Always the Development environment with
/// the development token issuer: the harnesses sign their residents' tokens themselves.</summary>
/// <param name="ApiAssemblyPath">The built Buurtbudget.Api.dll.</param>
/// <param name="DataDirectory">The node's data directory: the SQLite file, and the participant hash key file
/// (also with PostgreSQL), which must survive the restart for residents to keep their ballots.</param>
/// <param name="KeyDirectory">The development issuer's key directory, shared with the harness that signs the tokens.</param>
/// <param name="ConnectionString">The PostgreSQL connection string, for <see cref="StoreKind.Postgres"/>.</param>
/// <param name="Settings">Further configuration, by its configuration path (e.g. "Actors:MaxBatchSize").</param>
public sealed record ApiNodeSettings(
    string ApiAssemblyPath,
    StoreKind Store,
    string DataDirectory,
    string KeyDirectory,
    string LogDirectory,
    string? ConnectionString = null,
    IReadOnlyDictionary<string, string>? Settings = null)
{
    /// <summary>The node's configuration as environment variables (":" becomes "__", as ASP.NET Core reads them).</summary>
    public IEnumerable<(string Name, string Value)> Environment()
    {
        yield return ("ASPNETCORE_ENVIRONMENT", "Development");
        yield return ("DOTNET_ENVIRONMENT", "Development");
        yield return ("Storage__DataDirectory", DataDirectory);
        yield return ("Storage__Provider", Store == StoreKind.Postgres ? "Postgres" : "Sqlite");
        if (Store == StoreKind.Postgres)
        {
            yield return ("Storage__ConnectionString", ConnectionString
                ?? throw new InvalidOperationException("A PostgreSQL node needs a connection string."));
        }

        yield return ("Authentication__Development__Enabled", "true");
        yield return ("Authentication__Development__KeyDirectory", KeyDirectory);

        // No demo rounds: each harness (crash trials, load tests) makes its own.
        yield return ("Seeds__Directory", "");

        // Hundreds of residents vote from one loopback address as fast as the node answers: the harnesses measure what
        // survives a kill and how fast votes go, not abuse resistance, so the rate limits are switched off
        // (configuration only).
        yield return ("RateLimits__Enabled", "false");

        // Warnings and errors only: a request line per vote would cost the node more than the vote.
        yield return ("Serilog__MinimumLevel__Default", "Warning");
        yield return ("Serilog__MinimumLevel__Override__Microsoft.AspNetCore", "Warning");
        yield return ("Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime", "Warning");
        foreach (var (path, value) in Settings ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            yield return (path.Replace(":", "__", StringComparison.Ordinal), value);
        }
    }
}
