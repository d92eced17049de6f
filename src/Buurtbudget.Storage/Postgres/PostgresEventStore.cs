using System.Globalization;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;
using Buurtbudget.Storage.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Buurtbudget.Storage.Postgres;

/// <summary>
/// The event store for production and for several nodes: one PostgreSQL database shared by every node.
/// </summary>
/// <remarks>
/// Appends waiting at the same moment, of any rounds, share one transaction on a pooled connection (group commit
/// across rounds, see <see cref="AppendCommitter"/>). It reads their rounds' heads, checks each against its expected
/// sequence, and inserts the chained events of every accepted append in one statement. Two nodes that read the same
/// head both try to insert the same <c>(round_id, seq)</c>. The primary key makes the second wait for the first and
/// then fail; that node decides its group again, and the round the other node moved becomes a
/// <see cref="ConcurrencyConflictException"/> for that round's caller alone. So correctness never depends on a lock
/// held by the application. Every connection commits with <c>synchronous_commit=on</c>.
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

    // Appends of every round go through one committer that merges those waiting into one transaction (see
    // AppendCommitter): one commit, so one WAL flush, for the appends of many busy rounds.
    private readonly AppendCommitter _committer;

    private volatile bool _schemaReady;
    private int _disposed;

    /// <param name="connectionString">A PostgreSQL connection string (Npgsql keywords). The store adds
    /// <c>synchronous_commit=on</c> to its startup options.</param>
    /// <exception cref="ArgumentException">The connection string cannot be used.</exception>
    /// <param name="metrics">Where each group commit's size and latency are recorded; none when null (a tool).</param>
    public PostgresEventStore(string connectionString, ILogger<PostgresEventStore>? logger = null, BuurtbudgetMetrics? metrics = null)
    {
        var builder = PostgresConnectionString.Prepare(connectionString);
        _description = PostgresConnectionString.Describe(builder);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _dataSource = NpgsqlDataSource.Create(builder);
        _committer = new AppendCommitter(CommitAsync, metrics);
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
        var append = new PendingAppend(roundId, expectedSequence, events, summary, cancellationToken);
        await InitializeAsync(cancellationToken);
        return await _committer.AppendAsync(append);
    }

    /// <summary>Transactions this store committed and the appends they carried, across every round.</summary>
    public GroupCommitCounts GroupCommits => _committer.Counts;

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(RoundId roundId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        return ReadEventsAsync(roundId, "seq > $2 ORDER BY seq", afterSequence, $"read round {roundId}", cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadPageAsync(RoundId roundId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadEventsAsync(roundId, string.Create(CultureInfo.InvariantCulture, $"seq > $2 ORDER BY seq LIMIT {limit}"), afterSequence, $"read round {roundId}", cancellationToken);
    }

    public async Task<EventsOfTypes> ReadOfTypesAsync(RoundId roundId, long afterSequence, IReadOnlyCollection<string> types, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        AppendRules.RequireTypes(types);

        var action = $"read round {roundId}";
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(action, cancellationToken);
        try
        {
            // The head first: a round's appends commit in order, so every event up to it is there to be read, and one
            // appended meanwhile lies beyond it and is left for the next read.
            await using var head = new NpgsqlCommand("SELECT coalesce(max(seq), 0) FROM events WHERE round_id = $1;", connection);
            head.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = roundId.Value });
            var through = Math.Max(afterSequence, (long)(await head.ExecuteScalarAsync(cancellationToken))!);
            if (through == afterSequence)
            {
                return new EventsOfTypes([], afterSequence);
            }

            await using var command = new NpgsqlCommand(
                "SELECT seq, type, payload, at_ticks, prev_hash, hash FROM events WHERE round_id = $1 AND seq > $2 AND seq <= $3 AND type = ANY($4) ORDER BY seq;",
                connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = roundId.Value });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = through });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. types] });

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return new EventsOfTypes(await StoredRows.ReadEventsAsync(reader, roundId, cancellationToken), through);
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
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

    /// <summary>Writes a group of appends, of any rounds, in one transaction on one connection: the heads of all
    /// their rounds in one statement, then every accepted append's rows (and summaries) in one round trip, and one
    /// commit. Each append is decided on its own against its round's head, as the appends before it in the group
    /// leave it; a conflicting append writes nothing.</summary>
    /// <remarks>Another node may append to one of the rounds between the head read and the insert. Its rows then
    /// make the insert fail (the primary key, or the chain trigger when that node committed first), which aborts the
    /// transaction for every append in it. The group is then decided again in a new transaction against the heads as
    /// they are now: the round that node moved conflicts and is left out, the others are written. Each retry needs
    /// another writer to have moved a round of the group, so it ends; a repeated failure with no round moved is not a
    /// race and is passed on.</remarks>
    private async Task CommitAsync(IReadOnlyList<PendingAppend> group)
    {
        var action = group.Count == 1 ? $"append to round {group[0].RoundId}" : $"append to {group.Count} rounds in one commit";
        await using var connection = await OpenAsync(action, CancellationToken.None);
        HashSet<PendingAppend>? refusedBefore = null;
        while (true)
        {
            try
            {
                // Two round trips, each waiting on a server that is busy on a voting day: BEGIN with the heads, then
                // the rows with COMMIT. The transaction is begun and committed in SQL, not through NpgsqlTransaction,
                // which would send its COMMIT as a third round trip.
                var accepted = await BeginAndDecideAsync(connection, group);
                await using var batch = WriteBatch(connection, accepted);
                await batch.ExecuteNonQueryAsync(CancellationToken.None);
                return;
            }
            catch (PostgresException exception) when (MeansRoundMovedOn(exception))
            {
                // The server skipped the COMMIT after the failed insert. Decided again below, against what the other
                // writer committed.
                await RollBackAsync(connection);
                var refused = group.Where(append => !append.IsStored).ToHashSet();
                if (refusedBefore is not null && refused.SetEquals(refusedBefore))
                {
                    throw;
                }

                refusedBefore = refused;
                foreach (var append in group)
                {
                    append.Undecide();
                }
            }
            catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
            {
                await RollBackAsync(connection);
                throw AfterFailure(action, exception);
            }
            catch
            {
                await RollBackAsync(connection);
                throw;
            }
        }
    }

    /// <summary>Ends a failed transaction, so the connection goes back to the pool clean; a connection that broke is
    /// discarded by the pool anyway.</summary>
    private static async Task RollBackAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK;", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // The failure that led here is what the callers need.
        }
    }

    /// <summary>A row of the insert collided with a row another writer stored for the same round and sequence: the
    /// primary key (the other writer had not committed when this insert began) or the chain trigger (it had). Any
    /// other check that fails fails again when the group is decided anew, and is then passed on.</summary>
    private static bool MeansRoundMovedOn(PostgresException exception) =>
        exception.SqlState is PostgresFailures.UniqueViolation or PostgresFailures.CheckViolation;

    /// <summary>Begins the transaction and reads the heads of the group's rounds in one round trip, then decides each
    /// append in order, as if the ones accepted before it were stored. Returns the accepted appends with their chained
    /// events.</summary>
    private static async Task<List<(PendingAppend Append, StoredEvent[] Stored)>> BeginAndDecideAsync(
        NpgsqlConnection connection,
        IReadOnlyList<PendingAppend> group)
    {
        var heads = new Dictionary<Guid, (long Sequence, ReadOnlyMemory<byte> Hash)>();
        await using (var batch = new NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN;"));
            var readHeads = new NpgsqlBatchCommand(
                """
                SELECT r.round_id, h.seq, h.hash
                FROM unnest($1::uuid[]) AS r (round_id)
                LEFT JOIN LATERAL (SELECT seq, hash FROM events WHERE events.round_id = r.round_id ORDER BY seq DESC LIMIT 1) AS h ON true;
                """);
            readHeads.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = group.Select(append => append.RoundId.Value).Distinct().ToArray() });
            batch.BatchCommands.Add(readHeads);
            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
            while (await reader.ReadAsync(CancellationToken.None))
            {
                heads[reader.GetGuid(0)] = reader.IsDBNull(1)
                    ? (0, EventChain.GenesisHash)
                    : (reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
            }
        }

        var accepted = new List<(PendingAppend, StoredEvent[])>(group.Count);
        foreach (var append in group)
        {
            var (lastSequence, lastHash) = heads[append.RoundId.Value];
            if (append.ConflictAt(lastSequence) is { } conflict)
            {
                append.Refuse(conflict);
                continue;
            }

            var stored = append.Chain(lastSequence, lastHash);
            heads[append.RoundId.Value] = (stored[^1].Sequence, stored[^1].Hash);
            append.Store(stored);
            accepted.Add((append, stored));
        }

        return accepted;
    }

    /// <summary>One round trip: the new rounds, every accepted event in one statement, the summaries, and COMMIT.
    /// When a statement fails the server skips the rest, COMMIT included, and the transaction stays open, aborted.</summary>
    private static NpgsqlBatch WriteBatch(NpgsqlConnection connection, List<(PendingAppend Append, StoredEvent[] Stored)> accepted)
    {
        var batch = new NpgsqlBatch(connection);
        if (accepted.Count == 0)
        {
            // Every append of the group conflicted: an empty transaction, committed to end it.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT;"));
            return batch;
        }

        var created = accepted.Where(a => a.Append.ExpectedSequence == 0).Select(a => a.Stored[0]).ToArray();
        if (created.Length > 0)
        {
            // In the group's order, which is the order the rounds are listed in when their first events share a time.
            var rounds = new NpgsqlBatchCommand(
                """
                INSERT INTO rounds (round_id, first_at_ticks)
                SELECT r.round_id, r.first_at_ticks FROM unnest($1::uuid[], $2::bigint[]) WITH ORDINALITY AS r (round_id, first_at_ticks, n)
                ORDER BY r.n;
                """);
            rounds.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = created.Select(e => e.RoundId.Value).ToArray() });
            rounds.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = created.Select(e => e.At.UtcTicks).ToArray() });
            batch.BatchCommands.Add(rounds);
        }

        batch.BatchCommands.Add(InsertCommand(accepted.SelectMany(a => a.Stored).ToArray()));

        // In the appends' transaction, so the list never shows what the log does not hold nor lags behind it; in the
        // same round trip as the events, so it costs no extra wait on the server. Of two appends of one round in the
        // group, the later one's summary describes the state the group leaves, and is the one written.
        var summaries = new Dictionary<RoundId, StoredRoundSummary>();
        foreach (var (append, _) in accepted)
        {
            if (append.Summary is not null)
            {
                summaries[append.RoundId] = append.Summary;
            }
        }

        if (summaries.Count > 0)
        {
            batch.BatchCommands.Add(UpsertSummariesCommand(summaries.Values));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT;"));

        return batch;
    }

    /// <summary>All events of the group in one statement: one round trip however large the group, and the database's
    /// chain trigger checks each round's events in sequence order.</summary>
    private static NpgsqlBatchCommand InsertCommand(StoredEvent[] stored)
    {
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO events (round_id, seq, type, payload, at_ticks, prev_hash, hash)
            SELECT e.round_id, e.seq, e.type, e.payload, e.at_ticks, e.prev_hash, e.hash
            FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::bytea[], $5::bigint[], $6::bytea[], $7::bytea[])
                WITH ORDINALITY AS e (round_id, seq, type, payload, at_ticks, prev_hash, hash, n)
            ORDER BY e.n;
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = stored.Select(e => e.RoundId.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = stored.Select(e => e.Sequence).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = stored.Select(e => e.Type).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = stored.Select(e => PendingAppend.AsArray(e.Payload)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = stored.Select(e => e.At.UtcTicks).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = stored.Select(e => PendingAppend.AsArray(e.PreviousHash)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = stored.Select(e => PendingAppend.AsArray(e.Hash)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
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
