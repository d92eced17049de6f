using System.Collections.Immutable;
using Buurtbudget.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Storage.Hosting;

/// <summary>Where and how events are stored. Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string SqliteProvider = "Sqlite";

    public const string PostgresProvider = "Postgres";

    /// <summary>The providers this build can run.</summary>
    public static ImmutableArray<string> SupportedProviders { get; } = [SqliteProvider, PostgresProvider];

    public string Provider { get; set; } = SqliteProvider;

    /// <summary>An explicit data directory; when empty, <see cref="DataDirectory"/> falls back to the
    /// <c>BUURTBUDGET_DATA</c> environment variable and then <c>./data</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The PostgreSQL connection string (Npgsql keywords), required when <see cref="Provider"/> is
    /// <see cref="PostgresProvider"/>. Keep the password out of appsettings: set <c>Storage__ConnectionString</c>
    /// in the environment or use a password file (<c>Passfile=…</c>).</summary>
    public string? ConnectionString { get; set; }

    public bool UsesPostgres => string.Equals(Provider, PostgresProvider, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Fails the start with a message that names the setting and the allowed values.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!StorageOptions.SupportedProviders.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add(
                $"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)} is '{options.Provider}', which this build does not support. " +
                $"Use one of: {string.Join(", ", StorageOptions.SupportedProviders)}.");
        }

        if (options.UsesPostgres && PostgresConnectionString.FindProblem(options.ConnectionString) is { } problem)
        {
            failures.Add($"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)} {problem}");
        }

        if (options.DataDirectory is { Length: > 0 } directory && directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)} '{directory}' contains characters that are not allowed in a path.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
