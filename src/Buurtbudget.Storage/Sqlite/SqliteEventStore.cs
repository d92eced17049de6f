using System.Globalization;
using System.Runtime.InteropServices;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;
using Buurtbudget.Storage.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Buurtbudget.Storage.Sqlite;

/// <summary>
/// The embedded event store: one SQLite file, <see cref="DatabaseFileName"/>, in the data directory.
/// </summary>
/// <remarks>
/// Writes go through one long-lived writer connection, one at a time, so a batch reuses prepared statements.
/// Appends waiting at the same moment, of any rounds, share one IMMEDIATE transaction made durable by WAL with
/// <c>synchronous=FULL</c> (group commit across rounds, see <see cref="AppendCommitter"/>), each still all-or-nothing. Other
/// processes on the same file are kept out by SQLite's write lock and caught by the expected-sequence check.
/// Reads use pooled read-only connections beside the writer. After a storage fault the writer is thrown away
/// and reopened on the next call, so the store recovers by itself when the fault ends; once a database has
/// been opened, a vanished file is reported as unavailable and never silently replaced by an empty one.
/// </remarks>
public sealed partial class SqliteEventStore : IEventStore, IRoundSummaries, IAsyncDisposable, IDisposable
{
    public const string DatabaseFileName = "buurtbudget.db";

    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    private const string AppendSavepoint = "append";

    private readonly string _databasePath;
    private readonly string _readConnectionString;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action<SqliteConnection>? _writerOpened;

    // One writer at a time inside the process. Held across the whole transaction, never across an await
    // other than waiting for the lock itself.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Appends of every round go through one committer that merges those waiting into one transaction (see
    // AppendCommitter): on a disk that syncs a few hundred times a second, that sync rate, not the work, would
    // otherwise bound the appends of many busy rounds.
    private readonly AppendCommitter _committer;

    private Writer? _writer;

    // Copies the log into the database file beside the writer, from the first open on (see SqliteCheckpointer).
    private SqliteCheckpointer? _checkpointer;
    private bool _databaseOpenedBefore;
    private volatile bool _schemaReady;
    private int _disposed;

    /// <param name="metrics">Where each group commit's size and latency are recorded; none when null (a tool).</param>
    public SqliteEventStore(DataDirectory directory, TimeProvider timeProvider, ILogger<SqliteEventStore>? logger = null, BuurtbudgetMetrics? metrics = null)
        : this(directory, timeProvider, logger, writerOpened: null, metrics)
    {
    }

    /// <param name="writerOpened">Runs on every newly opened writer connection, before the schema is migrated:
    /// lets tests impose a real SQLite limit (such as <c>max_page_count</c>) on the connection the store uses.</param>
    internal SqliteEventStore(DataDirectory directory, TimeProvider timeProvider, ILogger? logger, Action<SqliteConnection>? writerOpened, BuurtbudgetMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(timeProvider);

        _databasePath = directory.GetFilePath(DatabaseFileName);
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _writerOpened = writerOpened;
        _committer = new AppendCommitter(CommitAsync, metrics);
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    public string DatabasePath => _databasePath;

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
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return await _committer.AppendAsync(new PendingAppend(roundId, expectedSequence, events, summary, cancellationToken));
    }

    /// <summary>Transactions the writer committed and the appends they carried, across every round.</summary>
    public GroupCommitCounts GroupCommits => _committer.Counts;

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(RoundId roundId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        return ReadEventsAsync(roundId, "seq > $seq ORDER BY seq", afterSequence, "read events", cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadPageAsync(RoundId roundId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadEventsAsync(roundId, string.Create(CultureInfo.InvariantCulture, $"seq > $seq ORDER BY seq LIMIT {limit}"), afterSequence, "read events", cancellationToken);
    }

    public async Task<EventsOfTypes> ReadOfTypesAsync(RoundId roundId, long afterSequence, IReadOnlyCollection<string> types, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        AppendRules.RequireTypes(types);

        await using var connection = await OpenReaderAsync(cancellationToken);
        try
        {
            // The head first: a round's appends commit in order, so every event up to it is there to be read, and one
            // appended meanwhile lies beyond it and is left for the next read.
            await using var head = connection.CreateCommand();
            head.CommandText = "SELECT coalesce(max(seq), 0) FROM events WHERE round_id = $round;";
            head.Parameters.AddWithValue("$round", Key(roundId));
            var through = Math.Max(afterSequence, (long)(await head.ExecuteScalarAsync(cancellationToken))!);
            if (through == afterSequence)
            {
                return new EventsOfTypes([], afterSequence);
            }

            await using var command = connection.CreateCommand();
            var names = string.Join(", ", types.Select((_, index) => string.Create(CultureInfo.InvariantCulture, $"$type{index}")));
            command.CommandText = $"SELECT seq, type, payload, at, prev_hash, hash FROM events WHERE round_id = $round AND seq > $seq AND seq <= $through AND type IN ({names}) ORDER BY seq;";
            command.Parameters.AddWithValue("$round", Key(roundId));
            command.Parameters.AddWithValue("$seq", afterSequence);
            command.Parameters.AddWithValue("$through", through);
            var number = 0;
            foreach (var type in types)
            {
                command.Parameters.AddWithValue(string.Create(CultureInfo.InvariantCulture, $"$type{number++}"), type);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return new EventsOfTypes(await StoredRows.ReadEventsAsync(reader, roundId, cancellationToken), through);
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            throw Unavailable("read events", exception);
        }
    }

    public async Task<StoredEvent?> ReadEventAsync(RoundId roundId, long sequence, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        var events = await ReadEventsAsync(roundId, "seq = $seq", sequence, "read an event", cancellationToken);
        return events.Count == 0 ? null : events[0];
    }

    /// <summary>The round's events WHERE <paramref name="condition"/> on the sequence (<c>$seq</c>, <paramref name="sequence"/>).</summary>
    private async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(RoundId roundId, string condition, long sequence, string action, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT seq, type, payload, at, prev_hash, hash FROM events WHERE round_id = $round AND {condition};";
            command.Parameters.AddWithValue("$round", Key(roundId));
            command.Parameters.AddWithValue("$seq", sequence);

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoredRows.ReadEventsAsync(reader, roundId, cancellationToken);
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            throw Unavailable(action, exception);
        }
    }

    public async Task<StoredSnapshot?> ReadLatestSnapshotAsync(RoundId roundId, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireRoundId(roundId);

        await using var connection = await OpenReaderAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT seq, state, at FROM snapshots WHERE round_id = $round;";
            command.Parameters.AddWithValue("$round", Key(roundId));

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return StoredRows.ReadSnapshot(reader, roundId);
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            throw Unavailable("read a snapshot", exception);
        }
    }

    /// <inheritdoc />
    /// <remarks>A snapshot older than the one already stored is ignored: a slow activation never rolls the
    /// snapshot back. The sequence must be that of a stored event of the round.</remarks>
    public async Task SaveSnapshotAsync(StoredSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        AppendRules.RequireSnapshot(snapshot);

        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            SaveSnapshot(snapshot);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>Ordered by the time of each round's first event, then by the order they were stored.</remarks>
    public Task<IReadOnlyList<RoundId>> ListRoundsAsync(CancellationToken cancellationToken = default) =>
        ListLogsAsync(WijkBudgetStreams.NotWijkBudgetSql("type"), "list rounds", cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RoundId>> ListWijkBudgetStreamsAsync(CancellationToken cancellationToken = default) =>
        ListLogsAsync(WijkBudgetStreams.IsWijkBudgetSql("type"), "list wijk budgets", cancellationToken);

    /// <summary>The logs whose first event meets <paramref name="firstEventCondition"/>.</summary>
    private async Task<IReadOnlyList<RoundId>> ListLogsAsync(string firstEventCondition, string action, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT round_id FROM events WHERE seq = 1 AND {firstEventCondition} ORDER BY at, rowid;";

            var rounds = new List<RoundId>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rounds.Add(RoundId.Parse(reader.GetString(0)));
            }

            return rounds;
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            throw Unavailable(action, exception);
        }
    }

    /// <summary>Writes one small row and reads it back through a read connection: a check that the file is
    /// there, writable and durable right now. Reports false rather than throwing; only cancellation escapes.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        if (_disposed != 0)
        {
            return false;
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                TouchHealth();
            }
            finally
            {
                _writeLock.Release();
            }

            await using var connection = await OpenReaderAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT checked_at FROM store_health WHERE id = 1;";
            // Only that the row can be read: another process on the same file may have checked in between.
            return await command.ExecuteScalarAsync(cancellationToken) is long;
        }
        catch (Exception exception) when (exception is StorageUnavailableException or SqliteException or IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            LogNotReady(_logger, exception);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writeLock.WaitAsync();
        try
        {
            Close();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _writeLock.Wait();
        try
        {
            Close();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes a group of appends, of any rounds, in one IMMEDIATE transaction: one commit, one sync to disk.
    /// Each append is decided on its own inside the transaction: its round's head is read there (so it sees the
    /// appends before it in the group, and nothing another process could change until the commit), a conflicting
    /// append writes nothing, and each append's rows sit in a savepoint, so an append the database refuses is rolled
    /// back alone. A failure of the storage itself rolls back the whole transaction and fails every append in it.</summary>
    private async Task CommitAsync(IReadOnlyList<PendingAppend> group)
    {
        await _writeLock.WaitAsync();
        try
        {
            Commit(group);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Commit(IReadOnlyList<PendingAppend> group)
    {
        var writer = AcquireWriter();
        SqliteTransaction? transaction = null;
        try
        {
            transaction = writer.Connection.BeginTransaction(deferred: false);
            foreach (var append in group)
            {
                Write(writer, transaction, append);
            }

            transaction.Commit();
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            RollBack(transaction);
            AfterFailure(exception);
            throw Unavailable(group.Count == 1 ? $"append to round {group[0].RoundId}" : $"append to {group.Count} rounds in one commit", exception);
        }
        catch
        {
            RollBack(transaction);
            throw;
        }
        finally
        {
            transaction?.Dispose();
        }
    }

    private static void Write(Writer writer, SqliteTransaction transaction, PendingAppend append)
    {
        var round = Key(append.RoundId);
        var (lastSequence, lastHash) = writer.ReadHead(transaction, round);
        if (append.ConflictAt(lastSequence) is { } conflict)
        {
            append.Refuse(conflict);
            return;
        }

        var stored = append.Chain(lastSequence, lastHash);
        transaction.Save(AppendSavepoint);
        try
        {
            foreach (var storedEvent in stored)
            {
                writer.Insert(
                    transaction,
                    round,
                    storedEvent.Sequence,
                    storedEvent.Type,
                    PendingAppend.AsArray(storedEvent.Payload),
                    storedEvent.At.UtcTicks,
                    PendingAppend.AsArray(storedEvent.PreviousHash),
                    PendingAppend.AsArray(storedEvent.Hash));
            }

            if (append.Summary is not null)
            {
                // In the append's transaction: one more row, no extra sync to disk.
                writer.UpsertSummary(transaction, append.Summary);
            }

            transaction.Release(AppendSavepoint);
        }
        catch (SqliteException exception) when (!SqliteFailures.MeansUnavailable(exception))
        {
            // The database refused this append's rows (a constraint): the others in the group go on without them.
            transaction.Rollback(AppendSavepoint);
            transaction.Release(AppendSavepoint);
            append.Refuse(exception);
            return;
        }

        append.Store(stored);
    }

    private void SaveSnapshot(StoredSnapshot snapshot)
    {
        var writer = AcquireWriter();
        SqliteTransaction? transaction = null;
        try
        {
            // The row first, with room for the state (zeroblob), then the state written into it segment by segment
            // (incremental blob I/O): a snapshot of tens of megabytes is never copied into one array.
            transaction = writer.Connection.BeginTransaction(deferred: false);
            long? rowId;
            using (var command = writer.Connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO snapshots (round_id, seq, state, at) VALUES ($round, $seq, zeroblob($length), $at)
                    ON CONFLICT (round_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, at = excluded.at
                    WHERE excluded.seq >= snapshots.seq
                    RETURNING rowid;
                    """;
                command.Parameters.AddWithValue("$round", Key(snapshot.RoundId));
                command.Parameters.AddWithValue("$seq", snapshot.Sequence);
                command.Parameters.AddWithValue("$length", snapshot.State.Length);
                command.Parameters.AddWithValue("$at", snapshot.At.UtcTicks);
                rowId = command.ExecuteScalar() as long?;
            }

            // No row: a newer snapshot is already stored, and this older one is ignored.
            if (rowId is { } row)
            {
                using var blob = new SqliteBlob(writer.Connection, "snapshots", "state", row);
                foreach (var segment in snapshot.State)
                {
                    blob.Write(segment.Span);
                }
            }

            transaction.Commit();
        }
        catch (SqliteException exception) when (exception.SqliteExtendedErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT_FOREIGNKEY)
        {
            RollBack(transaction);
            throw new ArgumentException(
                $"Round {snapshot.RoundId} has no stored event {snapshot.Sequence}: a snapshot must describe a state the log reached.",
                nameof(snapshot),
                exception);
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            RollBack(transaction);
            AfterFailure(exception);
            throw Unavailable($"save a snapshot of round {snapshot.RoundId}", exception);
        }
        finally
        {
            transaction?.Dispose();
        }
    }

    private void TouchHealth()
    {
        var writer = AcquireWriter();
        try
        {
            var now = _timeProvider.GetUtcNow().UtcTicks;
            using var command = writer.Connection.CreateCommand();
            command.CommandText = """
                INSERT INTO store_health (id, checked_at) VALUES (1, $now)
                ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at;
                """;
            command.Parameters.AddWithValue("$now", now);
            command.ExecuteNonQuery();
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            AfterFailure(exception);
            throw Unavailable("check readiness", exception);
        }
    }

    /// <summary>The writer connection, opened (and the schema migrated) if there is none. Caller holds the write lock.</summary>
    private Writer AcquireWriter()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);

        // An open handle keeps working on a file that was deleted or moved away; without this check, writes
        // would be acknowledged into a file nobody will ever read again.
        if (_databaseOpenedBefore && !File.Exists(_databasePath))
        {
            if (_writer is not null)
            {
                LogDatabaseMissing(_logger, _databasePath);
                DiscardWriter();
            }

            throw new StorageUnavailableException($"The database file '{_databasePath}' is missing. Restore it or the data directory; it is not recreated empty.");
        }

        if (_writer is not null)
        {
            return _writer;
        }

        if (!_databaseOpenedBefore)
        {
            DataDirectory.CreateOwnerOnlyFile(_databasePath);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = _databaseOpenedBefore ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());

        try
        {
            connection.Open();
            Configure(connection);
            _writerOpened?.Invoke(connection);
            var schemaVersion = SqliteSchema.Migrate(connection, _timeProvider);
            KeepRollbackJournalsInMemory(connection);
            var writer = new Writer(connection);

            if (_databaseOpenedBefore)
            {
                LogWriterReopened(_logger, _databasePath);
            }
            else
            {
                LogOpened(_logger, _databasePath, schemaVersion);
            }

            _writer = writer;
            _databaseOpenedBefore = true;
            _schemaReady = true;
            // The machine's clock, not the store's: checkpoints are the disk's housekeeping, not the rounds' time.
            _checkpointer ??= new SqliteCheckpointer(_databasePath, SqliteCheckpointer.DefaultInterval, TimeProvider.System, _logger);
            return writer;
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            connection.Dispose();
            throw Unavailable("open the database", exception);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};");
        command.ExecuteNonQuery();

        command.CommandText = "PRAGMA journal_mode = WAL;";
        var journalMode = command.ExecuteScalar() as string;
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageUnavailableException(
                $"The database '{connection.DataSource}' cannot use write-ahead logging (journal mode is '{journalMode}'); " +
                "put the data directory on a local file system.");
        }

        // The log is copied into the database file beside the writer (SqliteCheckpointer); the writer's own
        // checkpoint, inside a commit, is only the safety net.
        command.CommandText = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = {SqliteCheckpointer.WriterCheckpointPages};");
        command.ExecuteNonQuery();
    }

    /// <summary>Every event is inserted inside a savepoint (its append's) by a statement the triggers may abort, so
    /// SQLite keeps, for each, the pages it changes as they were, to undo that statement or append alone. By default
    /// that record spills to a temporary file once it passes 64 KiB: on the voting path, two writes to that file for
    /// every page a ballot's insert touches, about two thirds of the node's writes, for a file that is never read
    /// unless an append is refused (traced with <c>strace</c> during the load test: per commit about 18 such pages,
    /// against 9 pages written to the log). Kept in memory instead, bounded by the pages the open statements and
    /// savepoints change: replacing a 30 MB blob by an upsert inside a transaction, as a snapshot's save does, peaked
    /// at 2.2 MB of SQLite's memory, the same as with the temporary file (<c>sqlite3</c>, <c>.stats</c>). Set after
    /// the migrations, whose index builds keep sorting in temporary files.</summary>
    private static void KeepRollbackJournalsInMemory(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store = MEMORY;";
        command.ExecuteNonQuery();
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);

        if (!_schemaReady)
        {
            // A read before any write: the file and its schema must exist before a read-only connection can open it.
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                AcquireWriter();
            }
            finally
            {
                _writeLock.Release();
            }
        }

        if (!File.Exists(_databasePath))
        {
            ClearReaderPool();
            throw new StorageUnavailableException($"The database file '{_databasePath}' is missing. Restore it or the data directory; it is not recreated empty.");
        }

        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            await connection.DisposeAsync();
            throw Unavailable("open a read connection", exception);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private void AfterFailure(SqliteException exception)
    {
        if (SqliteFailures.LeavesConnectionUsable(exception))
        {
            return;
        }

        LogWriterDiscarded(_logger, exception, _databasePath);
        DiscardWriter();
        ClearReaderPool();
    }

    private void DiscardWriter()
    {
        var writer = _writer;
        _writer = null;
        writer?.Dispose();
    }

    private void ClearReaderPool()
    {
        using var connection = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    private void Close()
    {
        // The checkpointer and the readers first, so that closing the writer as the last connection checkpoints the log
        // into the main file.
        _checkpointer?.Dispose();
        _checkpointer = null;
        ClearReaderPool();
        DiscardWriter();
    }

    private static void RollBack(SqliteTransaction? transaction)
    {
        if (transaction is null)
        {
            return;
        }

        try
        {
            transaction.Rollback();
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            // SQLite may already have rolled back after an I/O error; the original failure is what the caller needs.
        }
    }

    private StorageUnavailableException Unavailable(string action, SqliteException exception) =>
        new($"Could not {action} in '{_databasePath}': {SqliteFailures.Describe(exception)} (SQLite error {exception.SqliteExtendedErrorCode}).", exception);

    private static string Key(RoundId roundId) => roundId.Value.ToString("D");

    private static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Event store opened at {DatabasePath}, schema version {SchemaVersion}")]
    private static partial void LogOpened(ILogger logger, string databasePath, int schemaVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Event store writer at {DatabasePath} failed and was discarded; it reopens on the next write")]
    private static partial void LogWriterDiscarded(ILogger logger, Exception exception, string databasePath);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Event store writer at {DatabasePath} reopened")]
    private static partial void LogWriterReopened(ILogger logger, string databasePath);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Event store database {DatabasePath} is missing; writes are refused until it is restored")]
    private static partial void LogDatabaseMissing(ILogger logger, string databasePath);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Event store is not ready")]
    private static partial void LogNotReady(ILogger logger, Exception exception);

    /// <summary>The writer connection and the statements it reuses for every append.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteCommand _readHead;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _headRound;
        private readonly SqliteParameter _round;
        private readonly SqliteParameter _sequence;
        private readonly SqliteParameter _type;
        private readonly SqliteParameter _payload;
        private readonly SqliteParameter _at;
        private readonly SqliteParameter _previousHash;
        private readonly SqliteParameter _hash;
        private readonly SqliteCommand _upsertSummary;

        public Writer(SqliteConnection connection)
        {
            Connection = connection;

            _readHead = connection.CreateCommand();
            _readHead.CommandText = "SELECT seq, hash FROM events WHERE round_id = $round ORDER BY seq DESC LIMIT 1;";
            _headRound = _readHead.Parameters.Add("$round", SqliteType.Text);

            _insert = connection.CreateCommand();
            _insert.CommandText = """
                INSERT INTO events (round_id, seq, type, payload, at, prev_hash, hash)
                VALUES ($round, $seq, $type, $payload, $at, $prevHash, $hash);
                """;
            _round = _insert.Parameters.Add("$round", SqliteType.Text);
            _sequence = _insert.Parameters.Add("$seq", SqliteType.Integer);
            _type = _insert.Parameters.Add("$type", SqliteType.Text);
            _payload = _insert.Parameters.Add("$payload", SqliteType.Blob);
            _at = _insert.Parameters.Add("$at", SqliteType.Integer);
            _previousHash = _insert.Parameters.Add("$prevHash", SqliteType.Blob);
            _hash = _insert.Parameters.Add("$hash", SqliteType.Blob);

            // Prepared once like the insert: with group commit off, a voting round writes its summary on most appends.
            _upsertSummary = connection.CreateCommand();
            _upsertSummary.CommandText = UpsertSummarySql;
            foreach (var (name, type) in new[]
            {
                ("$round", SqliteType.Text), ("$seq", SqliteType.Integer), ("$district", SqliteType.Text), ("$phase", SqliteType.Integer),
                ("$createdAt", SqliteType.Integer), ("$broken", SqliteType.Integer), ("$document", SqliteType.Text),
            })
            {
                _upsertSummary.Parameters.Add(name, type);
            }
        }

        public SqliteConnection Connection { get; }

        public (long Sequence, byte[] Hash) ReadHead(SqliteTransaction transaction, string round)
        {
            _readHead.Transaction = transaction;
            _headRound.Value = round;
            using var reader = _readHead.ExecuteReader();
            return reader.Read()
                ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
                : (0, EventChain.GenesisHash.ToArray());
        }

        public void Insert(SqliteTransaction transaction, string round, long sequence, string type, byte[] payload, long atUtcTicks, byte[] previousHash, byte[] hash)
        {
            _insert.Transaction = transaction;
            _round.Value = round;
            _sequence.Value = sequence;
            _type.Value = type;
            _payload.Value = payload;
            _at.Value = atUtcTicks;
            _previousHash.Value = previousHash;
            _hash.Value = hash;
            _insert.ExecuteNonQuery();
        }

        public void UpsertSummary(SqliteTransaction? transaction, StoredRoundSummary summary)
        {
            _upsertSummary.Transaction = transaction;
            var parameters = _upsertSummary.Parameters;
            parameters["$round"].Value = Key(summary.RoundId);
            parameters["$seq"].Value = summary.Sequence;
            parameters["$district"].Value = summary.District.Value;
            parameters["$phase"].Value = (int)summary.Phase;
            parameters["$createdAt"].Value = summary.CreatedAt.UtcTicks;
            parameters["$broken"].Value = summary.Broken ? 1 : 0;
            parameters["$document"].Value = summary.Document;
            _upsertSummary.ExecuteNonQuery();
        }

        public void Dispose()
        {
            _upsertSummary.Dispose();
            _readHead.Dispose();
            _insert.Dispose();
            Connection.Dispose();
        }
    }
}
