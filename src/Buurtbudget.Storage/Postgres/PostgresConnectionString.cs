using Npgsql;

namespace Buurtbudget.Storage.Postgres;

/// <summary>Turns the configured connection string into the one the store connects with, and says what is wrong
/// with a bad one in words an operator can act on.</summary>
internal static class PostgresConnectionString
{
    /// <summary>Sent with every connection. The server's default is already <c>on</c>, but a role, database or
    /// server setting may have turned it off; a startup option overrides all of those, so an acknowledged append
    /// is always flushed to the server's write-ahead log before the commit returns.</summary>
    public const string DurableCommitOption = "-c synchronous_commit=on";

    public const string DefaultApplicationName = "buurtbudget";

    /// <summary>Null when <paramref name="connectionString"/> can be used; otherwise why not.</summary>
    public static string? FindProblem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "is empty; give a PostgreSQL connection string such as 'Host=db.example;Database=buurtbudget;Username=buurtbudget;Password=…'.";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            // The parser's message names the bad keyword, never a password value.
            return $"cannot be read as a PostgreSQL connection string: {exception.Message}";
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return "names no Host; add 'Host=…' (a server name, an IP address, or a Unix socket directory).";
        }

        if (builder.Options is { } options && options.Contains("synchronous_commit", StringComparison.OrdinalIgnoreCase))
        {
            return "sets synchronous_commit in Options; remove it: the store always commits with synchronous_commit=on.";
        }

        return null;
    }

    /// <summary>The connection string to connect with: the configured one plus the durable-commit option.</summary>
    /// <exception cref="ArgumentException">The connection string cannot be used (see <see cref="FindProblem"/>).</exception>
    public static NpgsqlConnectionStringBuilder Prepare(string connectionString)
    {
        if (FindProblem(connectionString) is { } problem)
        {
            throw new ArgumentException($"The PostgreSQL connection string {problem}", nameof(connectionString));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? DurableCommitOption : $"{builder.Options} {DurableCommitOption}";
        if (string.IsNullOrWhiteSpace(builder.ApplicationName))
        {
            builder.ApplicationName = DefaultApplicationName;
        }

        return builder;
    }

    /// <summary>Host, port and database, for log lines and messages: never the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }
}
