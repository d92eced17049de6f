using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Buurtbudget.Storage.Postgres;

/// <summary>
/// The event store for production and for several nodes: one PostgreSQL database shared by every node.
/// </summary>
/// <remarks>
/// Each append is one transaction on a pooled connection. It reads the round's head, checks it against the
/// expected sequence, and inserts the chained events in one statement. Two nodes that read the same head both try
/// to insert the same <c>(round_id, seq)</c>. The primary key makes the second wait for the first and then fail
/// with a unique violation, which becomes a <see cref="ConcurrencyConflictException"/>. So correctness never
/// depends on a lock held by the application. Every connection commits with <c>synchronous_commit=on</c>.
/// After a connection-level failure the pool is cleared, so that once the server is back the next call opens a
/// fresh connection instead of tripping over a dead one: the store recovers by itself.
/// </remarks>
public sealed partial class PostgresEventStore : IEventStore, IRoundSummaries, IAsyncDisposable, IDisposable
{
    /// <summary>How long <see cref="IsReadyAsync"/> waits before it reports not ready: a readiness probe must answer
    /// while the server hangs.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _description;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;
    private int _disposed;

    /// <param name="connectionString">A PostgreSQL connection string (Npgsql keywords). The store adds
    /// <c>synchronous_commit=on</c> to its startup options.</param>
    /// <exception cref="ArgumentException">The connection string cannot be used.</exception>
    public PostgresEventStore(string connectionString, ILogger<PostgresEventStore>? logger = null)
    {
        var builder = PostgresConnectionString.Prepare(connectionString);
        _description = PostgresConnectionString.Describe(builder);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Host, port and database: for messages, without credentials.</summary>
    public string Description => _description;

    /// <summary>Applies the schema migrations now (they also run before the first call that needs them). Several
    /// nodes may call this at once.</summary>
    /// <exception cref="StorageUnavailableException">The server cannot be reached, or its schema is newer than this build.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var connection = await OpenAsync("open the database", cancellationToken);
            int before;
            try
            {
                before = await PostgresSchema.MigrateAsync(connection, cancellationToken);
            }
            catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
            {
                throw AfterFailure("migrate the schema", exception);
            }

            LogOpened(_logger, _description, before, PostgresSchema.LatestVersion);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    public Task<IReadOnlyList<StoredEvent>> AppendAsync(
        RoundId roundId,
        long expectedSequence,
        IReadOnlyList<NewEvent> events,
        CancellationToken cancellationToken = default) =>
        AppendAsync(roundId, expectedSequence, events, summary: null, cancellationToken);

    public async Task<IReadOnlyList<StoredEvent>> AppendAsync(
        RoundId roundId,
        long expectedSequence,
        IReadOnlyList<NewEvent> events,
        StoredRoundSummary? summary,
        CancellationToken cancellationToken = default)
    {
        AppendRules.RequireAppend(roundId, expectedSequence, events, summary);
        var prepared = Prepare(events);
        await InitializeAsync(cancellationToken);

        await using var connection = await OpenAsync($"append to round {roundId}", cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

            var (lastSequence, lastHash) = await ReadHeadAsync(connection, transaction, roundId, cancellationToken);
            if (lastSequence != expectedSequence)
            {
                throw new ConcurrencyConflictException(roundId, expectedSequence, lastSequence);
            }

            var stored = Chain(roundId, lastSequence, lastHash, prepared);

            if (expectedSequence == 0)
            {
                await using var round = new NpgsqlCommand("INSERT INTO rounds (round_id, first_at_ticks) VALUES ($1, $2);", connection, transaction);
                round.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = roundId.Value });
                round.Parameters.Add(new NpgsqlParameter<long> { TypedValue = stored[0].At.UtcTicks });
                await round.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var batch = new NpgsqlBatch(connection, transaction))
            {
                batch.BatchCommands.Add(InsertCommand(roundId, stored));
                if (summary is not null)
                {
                    // In the append's transaction, so the list never shows what the log does not hold nor lags behind
                    // it; in the same round trip as the events, so it costs the append no extra wait on the server.
                    batch.BatchCommands.Add(UpsertSummaryCommand(summary));
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return stored;
        }
        catch (PostgresException exception) when (string.Equals(exception.SqlState, PostgresFailures.UniqueViolation, StringComparison.Ordinal))
        {
            // Another writer committed this round's next sequence (or created the round) while this one held the
            // same head: exactly the case optimistic concurrency exists for. Nothing of this append was stored.
            var actual = await ReadHeadSequenceAsync(roundId, cancellationToken);
            throw new ConcurrencyConflictException(roundId, expectedSequence, Math.Max(actual, expectedSequence + 1));
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure($"append to round {roundId}", exception);
        }
    }

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(RoundId roundId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        return ReadEventsAsync(roundId, "seq > $2 ORDER BY seq", afterSequence, $"read round {roundId}", cancellationToken);
    }

    public async Task<StoredEvent?> ReadEventAsync(RoundId roundId, long sequence, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        var events = await ReadEventsAsync(roundId, "seq = $2", sequence, $"read event {sequence} of round {roundId}", cancellationToken);
        return events.Count == 0 ? null : events[0];
    }

    /// <summary>The round's events WHERE <paramref name="condition"/> on the sequence (<c>$2</c>, <paramref name="sequence"/>).</summary>
    private async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(RoundId roundId, string condition, long sequence, string action, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(action, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                $"SELECT seq, type, payload, at_ticks, prev_hash, hash FROM events WHERE round_id = $1 AND {condition};",
                connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = roundId.Value });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoredRows.ReadEventsAsync(reader, roundId, cancellationToken);
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
    }

    public async Task<StoredSnapshot?> ReadLatestSnapshotAsync(RoundId roundId, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);
        await InitializeAsync(cancellationToken);

        await using var connection = await OpenAsync($"read a snapshot of round {roundId}", cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT seq, state, at_ticks FROM snapshots WHERE round_id = $1;", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = roundId.Value });

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return StoredRows.ReadSnapshot(reader, roundId);
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure($"read a snapshot of round {roundId}", exception);
        }
    }

    /// <inheritdoc />
    /// <remarks>A snapshot older than the one already stored is ignored: a slow activation on another node never
    /// rolls the snapshot back. The sequence must be that of a stored event of the round.</remarks>
    public async Task SaveSnapshotAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireSnapshot(snapshot);
        await InitializeAsync(cancellationToken);

        await using var connection = await OpenAsync($"save a snapshot of round {snapshot.RoundId}", cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO snapshots (round_id, seq, state, at_ticks) VALUES ($1, $2, $3, $4)
                ON CONFLICT (round_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, at_ticks = excluded.at_ticks
                WHERE excluded.seq >= snapshots.seq;
                """,
                connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = snapshot.RoundId.Value });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = snapshot.Sequence });
            await using var state = new SequenceReadStream(snapshot.State);
            command.Parameters.Add(new NpgsqlParameter<Stream> { TypedValue = state, NpgsqlDbType = NpgsqlDbType.Bytea });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = snapshot.At.UtcTicks });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (string.Equals(exception.SqlState, PostgresFailures.ForeignKeyViolation, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Round {snapshot.RoundId} has no stored event {snapshot.Sequence}: a snapshot must describe a state the log reached.",
                nameof(snapshot),
                exception);
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure($"save a snapshot of round {snapshot.RoundId}", exception);
        }
    }

    /// <inheritdoc />
    /// <remarks>Ordered by the time of each round's first event, then by the order they were stored.</remarks>
    public Task<IReadOnlyList<RoundId>> ListRoundsAsync(CancellationToken cancellationToken = default) =>
        ListLogsAsync(WijkBudgetStreams.NotWijkBudgetSql("e.type"), "list rounds", cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RoundId>> ListWijkBudgetStreamsAsync(CancellationToken cancellationToken = default) =>
        ListLogsAsync(WijkBudgetStreams.IsWijkBudgetSql("e.type"), "list wijk budgets", cancellationToken);

    /// <summary>The logs (rows of <c>rounds</c>, which every log gets with its first event) whose first event meets
    /// <paramref name="firstEventCondition"/> on <c>e</c>.</summary>
    private async Task<IReadOnlyList<RoundId>> ListLogsAsync(string firstEventCondition, string action, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);

        await using var connection = await OpenAsync(action, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                $"SELECT r.round_id FROM rounds r JOIN events e ON e.round_id = r.round_id AND e.seq = 1 WHERE {firstEventCondition} ORDER BY r.first_at_ticks, r.listed_order;",
                connection);
            var rounds = new List<RoundId>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rounds.Add(new RoundId(reader.GetGuid(0)));
            }

            return rounds;
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
    }

    /// <summary>Writes one small row, durably, within <see cref="ReadyTimeout"/>: proof that the server is there, is
    /// the writable primary, has the schema and can flush its log right now. Reports false rather than throwing;
    /// only the caller's cancellation escapes.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        if (_disposed != 0)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            await InitializeAsync(timeout.Token);
            await using var connection = await OpenAsync("check readiness", timeout.Token);
            try
            {
                await using var command = new NpgsqlCommand(
                    "INSERT INTO store_health (id, checked_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at;",
                    connection);
                await command.ExecuteNonQueryAsync(timeout.Token);
                return true;
            }
            catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
            {
                throw AfterFailure("check readiness", exception);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is StorageUnavailableException or OperationCanceledException or ObjectDisposedException or NpgsqlException)
        {
            LogNotReady(_logger, exception, _description);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _dataSource.DisposeAsync();
        _schemaLock.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _dataSource.Dispose();
        _schemaLock.Dispose();
    }

    private async Task<NpgsqlConnection> OpenAsync(string action, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
    }

    private static async Task<(long Sequence, byte[] Hash)> ReadHeadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        RoundId roundId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT seq, hash FROM events WHERE round_id = $1 ORDER BY seq DESC LIMIT 1;", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = roundId.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : (0, EventChain.GenesisHash.ToArray());
    }

    /// <summary>The round's last sequence as committed now, on a connection of its own (the append's transaction
    /// is aborted by the time this is needed).</summary>
    private async Task<long> ReadHeadSequenceAsync(RoundId roundId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync($"read the head of round {roundId}", cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT coalesce(max(seq), 0) FROM events WHERE round_id = $1;", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = roundId.Value });
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure($"read the head of round {roundId}", exception);
        }
    }

    /// <summary>Copies each event's fields once and fixes its time to UTC, before any connection is taken.</summary>
    private static (string Type, byte[] Payload, DateTimeOffset At)[] Prepare(IReadOnlyList<NewEvent> events)
    {
        var prepared = new (string, byte[], DateTimeOffset)[events.Count];
        for (var index = 0; index < events.Count; index++)
        {
            var newEvent = events[index];
            prepared[index] = (newEvent.Type, newEvent.Payload.ToArray(), new DateTimeOffset(newEvent.At.UtcTicks, TimeSpan.Zero));
        }

        return prepared;
    }

    private static StoredEvent[] Chain(RoundId roundId, long lastSequence, byte[] lastHash, (string Type, byte[] Payload, DateTimeOffset At)[] events)
    {
        var stored = new StoredEvent[events.Length];
        var previousHash = lastHash;
        for (var index = 0; index < events.Length; index++)
        {
            var (type, payload, at) = events[index];
            var sequence = checked(lastSequence + index + 1);
            var hash = new byte[EventChain.HashLength];
            EventChain.Compute(previousHash, roundId, sequence, type, at, payload, hash);
            stored[index] = new StoredEvent(roundId, sequence, type, payload, at, previousHash, hash);
            previousHash = hash;
        }

        return stored;
    }

    /// <summary>All events in one statement: one round trip however large the batch, and the database's chain
    /// trigger checks them in sequence order.</summary>
    private static NpgsqlBatchCommand InsertCommand(RoundId roundId, StoredEvent[] stored)
    {
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO events (round_id, seq, type, payload, at_ticks, prev_hash, hash)
            SELECT $1, e.seq, e.type, e.payload, e.at_ticks, e.prev_hash, e.hash
            FROM unnest($2::bigint[], $3::text[], $4::bytea[], $5::bigint[], $6::bytea[], $7::bytea[])
                AS e (seq, type, payload, at_ticks, prev_hash, hash)
            ORDER BY e.seq;
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = roundId.Value });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = stored.Select(e => e.Sequence).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = stored.Select(e => e.Type).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = stored.Select(e => e.Payload.ToArray()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = stored.Select(e => e.At.UtcTicks).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = stored.Select(e => e.PreviousHash.ToArray()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = stored.Select(e => e.Hash.ToArray()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return command;
    }

    private StorageUnavailableException AfterFailure(string action, Exception exception)
    {
        if (exception is StorageUnavailableException unavailable)
        {
            return unavailable;
        }

        if (PostgresFailures.BreaksConnections(exception))
        {
            // Idle pooled connections to a server that went away are dead too; without this, each would fail
            // one more call after the server is back.
            _dataSource.Clear();
            LogConnectionsDropped(_logger, exception, _description);
        }

        return new StorageUnavailableException($"Could not {action} in PostgreSQL at {_description}: {PostgresFailures.Describe(exception)}.", exception);
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Event store opened at {Database}, schema version {SchemaBefore} -> {SchemaVersion}")]
    private static partial void LogOpened(ILogger logger, string database, int schemaBefore, int schemaVersion);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Event store lost its connections to {Database}; they are reopened on the next call")]
    private static partial void LogConnectionsDropped(ILogger logger, Exception exception, string database);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Event store at {Database} is not ready")]
    private static partial void LogNotReady(ILogger logger, Exception exception, string database);
}
