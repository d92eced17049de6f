using System.Net.Sockets;
using Npgsql;

namespace Buurtbudget.Storage.Postgres;

/// <summary>Which PostgreSQL failures mean "the storage cannot be used now" (retry later, report not ready)
/// rather than a bug in the caller or in this code.</summary>
internal static class PostgresFailures
{
    public const string UniqueViolation = "23505";

    public const string ForeignKeyViolation = "23503";

    public const string CheckViolation = "23514";

    /// <summary>True for failures of the server or the way to it; false for errors in what was asked.</summary>
    public static bool MeansUnavailable(Exception exception) =>
        exception switch
        {
            PostgresException postgres => MeansUnavailable(postgres.SqlState),

            // Not a server error message: the connection could not be opened, broke, or timed out.
            NpgsqlException => true,
            SocketException or TimeoutException or IOException => true,
            _ => false,
        };

    /// <summary>By SQLSTATE class (PostgreSQL manual, appendix A).</summary>
    public static bool MeansUnavailable(string sqlState) =>
        sqlState.Length == 5 && (
            sqlState.StartsWith("08", StringComparison.Ordinal)       // connection exception
            || sqlState.StartsWith("53", StringComparison.Ordinal)    // insufficient resources: disk full, out of memory, too many connections
            || sqlState.StartsWith("57P", StringComparison.Ordinal)   // server shutting down, crashed, or not accepting connections yet
            || sqlState.StartsWith("58", StringComparison.Ordinal)    // system error: I/O error
            || sqlState is "57014"                                    // query cancelled: statement timeout
                or "25006"                                            // read-only transaction: a standby after failover
                or "55P03"                                            // lock not available
                or "40001" or "40P01"                                 // serialization failure, deadlock: try again
                or "XX000" or "XX001" or "XX002");                    // internal error, data or index corrupted

    /// <summary>After these, connections in the pool may point at a server that is gone: drop them all, so the
    /// next call opens a fresh one and the store recovers as soon as the server is back.</summary>
    public static bool BreaksConnections(Exception exception) =>
        exception switch
        {
            PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
            NpgsqlException or SocketException or IOException or TimeoutException => true,
            _ => false,
        };

    public static string Describe(Exception exception) =>
        exception switch
        {
            PostgresException { SqlState: "53100" } => "the database server's disk is full",
            PostgresException { SqlState: "53200" } => "the database server ran out of memory",
            PostgresException { SqlState: "53300" } => "the database server has too many connections",
            PostgresException { SqlState: "25006" } => "the database server is read-only (a standby?)",
            PostgresException { SqlState: "57014" } => "the statement took too long and was cancelled",
            PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal) => "the connection to the database server failed",
            PostgresException postgres when postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) => "the database server is shutting down or starting up",
            PostgresException postgres when postgres.SqlState.StartsWith("58", StringComparison.Ordinal) => "the database server had an I/O error",
            PostgresException postgres when postgres.SqlState.StartsWith("XX", StringComparison.Ordinal) => "the database server reported an internal error or corrupted data",
            PostgresException postgres => $"the database server refused the statement ({postgres.SqlState}: {postgres.MessageText})",
            _ when exception.InnerException is TimeoutException || exception is TimeoutException => "the database server did not answer in time",
            _ when exception.InnerException is SocketException socket => $"the database server cannot be reached ({socket.SocketErrorCode})",
            _ => $"the connection to the database server failed ({exception.Message})",
        };
}
