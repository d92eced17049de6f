using Buurtbudget.Storage.Postgres;
using Npgsql;

namespace Buurtbudget.Storage.Tests.Postgres;

/// <summary>Which server errors the store reports as "storage unavailable, retry later" and which it lets through as
/// bugs. Built from real SQLSTATE codes, since a full disk or a crashed server cannot be staged cheaply.</summary>
public sealed class PostgresFailuresTests
{
    [Theory]
    [InlineData("53100", "disk is full")]
    [InlineData("53300", "too many connections")]
    [InlineData("57P01", "shutting down")]
    [InlineData("57P03", "shutting down or starting up")]
    [InlineData("08006", "connection to the database server failed")]
    [InlineData("58030", "I/O error")]
    [InlineData("25006", "read-only")]
    [InlineData("XX001", "corrupted")]
    public void Resource_connection_and_server_failures_mean_unavailable(string sqlState, string described)
    {
        var exception = new PostgresException("server says no", "ERROR", "ERROR", sqlState);

        Assert.True(PostgresFailures.MeansUnavailable(exception));
        Assert.Contains(described, PostgresFailures.Describe(exception), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("23505")]
    [InlineData("23503")]
    [InlineData("23514")]
    [InlineData("42P01")]
    [InlineData("42601")]
    public void Constraint_and_programming_errors_are_not_hidden_as_unavailability(string sqlState) =>
        Assert.False(PostgresFailures.MeansUnavailable(new PostgresException("bug", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void A_failed_connection_means_unavailable_and_drops_the_pool() =>
        Assert.True(PostgresFailures.MeansUnavailable(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111)))
            && PostgresFailures.BreaksConnections(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))));
}
