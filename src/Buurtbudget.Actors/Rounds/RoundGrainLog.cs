using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.Logging;

namespace Buurtbudget.Actors.Rounds;

/// <summary>The round grains' log lines, with fixed property names. Commands carry participant keys, so no
/// line here ever includes a command or an event: only the round, counts and exceptions.</summary>
internal static partial class RoundGrainLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Round {RoundId} loaded at version {Version}, {EventsReplayed} events replayed")]
    public static partial void Loaded(ILogger logger, RoundId roundId, long version, int eventsReplayed);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Round {RoundId} could not be loaded; its callers are answered that the storage is unavailable")]
    public static partial void LoadFailed(ILogger logger, RoundId roundId, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Round {RoundId}: the snapshot at version {Version} is unusable; replaying every event instead")]
    public static partial void SnapshotUnusable(ILogger logger, RoundId roundId, long version, Exception? exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Round {RoundId}: the stored event log fails its hash chain at sequence {Sequence} ({Reason}); the round is shown as broken and refuses changes until the log is restored")]
    public static partial void ChainBroken(ILogger logger, RoundId roundId, long sequence, ChainBreakReason reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Round {RoundId}: another writer appended first (expected version {Version}); reloading, attempt {Attempt}")]
    public static partial void Conflict(ILogger logger, RoundId roundId, long version, int attempt);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Round {RoundId}: still conflicting after {Attempts} attempts; {BatchSize} callers answered that the storage is unavailable")]
    public static partial void ConflictsExhausted(ILogger logger, RoundId roundId, int attempts, int batchSize);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Error, Message = "Round {RoundId}: appending {EventCount} events after version {Version} failed; {BatchSize} callers answered that the storage is unavailable")]
    public static partial void AppendFailed(ILogger logger, RoundId roundId, int eventCount, long version, int batchSize, Exception exception);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Error, Message = "Round {RoundId}: deciding a command threw; that caller gets the exception, the rest of the batch goes on")]
    public static partial void DecideFailed(ILogger logger, RoundId roundId, Exception exception);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Critical, Message = "Round {RoundId}: a turn failed unexpectedly; its callers get the exception")]
    public static partial void TurnFailed(ILogger logger, RoundId roundId, Exception exception);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug, Message = "Round {RoundId}: snapshot saved at version {Version}")]
    public static partial void SnapshotSaved(ILogger logger, RoundId roundId, long version);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Information, Message = "Round {RoundId} deactivated at version {Version}")]
    public static partial void Deactivated(ILogger logger, RoundId roundId, long version);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Round {RoundId}: saving a snapshot at version {Version} failed; activation replays more events until the next one")]
    public static partial void SnapshotFailed(ILogger logger, RoundId roundId, long version, Exception exception);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Round {RoundId}: calendar reminder set for {Moment} (in {DueIn}), phase {Phase}")]
    public static partial void CalendarScheduled(ILogger logger, RoundId roundId, RoundPhase phase, DateTimeOffset moment, TimeSpan dueIn);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Information, Message = "Round {RoundId}: the calendar has no moment left in phase {Phase}; its reminder is removed")]
    public static partial void CalendarDone(ILogger logger, RoundId roundId, RoundPhase phase);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Warning, Message = "Round {RoundId}: the calendar's step out of {Phase} was refused ({Code}); trying again in {RetryAfter}")]
    public static partial void CalendarStepRefused(ILogger logger, RoundId roundId, RoundPhase phase, string code, TimeSpan retryAfter);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Warning, Message = "Round {RoundId}: keeping the calendar failed ({Status}); the reminder's period brings the next try")]
    public static partial void CalendarTickFailed(ILogger logger, RoundId roundId, CommandStatus status, Exception? exception);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "Round {RoundId}: writing its summary at version {Version} after loading failed; the lists show the round as before until it is loaded again")]
    public static partial void SummaryFailed(ILogger logger, RoundId roundId, long version, Exception exception);
}
