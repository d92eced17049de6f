using Microsoft.Extensions.Options;

namespace Buurtbudget.Actors.Rounds;

/// <summary>How the round grains batch, retry, snapshot and are collected when idle. Bound from configuration
/// (section "Actors") and validated at start, so a bad value fails the start-up, not the first vote.</summary>
public sealed class RoundGrainOptions
{
    public const string SectionName = "Actors";

    /// <summary>The key of the clock the rounds decide with (the time their events carry, voting deadlines). It is the
    /// process's <see cref="TimeProvider"/> unless one is registered under this key: a test moves the rounds' clock
    /// without moving Orleans' own timers.</summary>
    public const string ClockKey = "Buurtbudget.Rounds";

    /// <summary>At most this many commands share one turn and one storage write. Larger batches make a busy
    /// round faster; the bound keeps one turn's write transaction and its callers' wait reasonable.</summary>
    public int MaxBatchSize { get; set; } = 2_000;

    /// <summary>An activation nobody has called for this long is collected by Orleans (its collection age), freeing its
    /// state's memory.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A snapshot is due once at least this many events were appended since the last one, and at least a
    /// quarter of the round's events (<see cref="SnapshotInterval"/>).</summary>
    public int SnapshotEvery { get; set; } = 1_000;

    /// <summary>A due snapshot waits until no command has come for this long. Encoding a round of a hundred thousand
    /// ballots allocates and writes megabytes; done in the middle of a voting rush it stalls the residents waiting for
    /// their answer (load test, first ballot at 70 % of saturation, one run: p99 149 ms with snapshots taken as soon as
    /// due, 15 ms with none), and a snapshot only saves an activation time that the rush does not need. Zero takes it
    /// at the first moment the mailbox is empty.</summary>
    public TimeSpan SnapshotWhenQuietFor { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A round that never goes quiet still takes its due snapshot once this many events have been appended
    /// since the last one, so that an activation after a crash never replays much more than this (storage bench, SQLite,
    /// one run: 250,000 events replayed in 2.1 s, against 0.75 s from a snapshot).</summary>
    public int SnapshotAtLatestAfter { get; set; } = 250_000;

    /// <summary>How often a turn reloads and decides again after another writer (node) appended first,
    /// before its callers are told the storage is unavailable.</summary>
    public int ConflictRetries { get; set; } = 5;

    /// <summary>How often a round's calendar reminder ticks again while the grain has not yet pointed it at the next
    /// moment (a tick that found storage unavailable, a silo down at the moment itself: Orleans then fires at the next
    /// period boundary). At least Orleans' minimum reminder period (one minute unless configured otherwise).</summary>
    public TimeSpan CalendarReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>When the round refuses a step of its calendar (review with no proposal, voting with proposals still
    /// unreviewed), it tries again after this long; a coordinator may put the round right or move it by hand meanwhile.</summary>
    public TimeSpan CalendarRetryAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many events after the last snapshot the next is due, for a round of <paramref name="version"/>
    /// events. A snapshot encodes the whole round, so its cost grows with the round: with a fixed interval a round of a
    /// million ballots would encode a million ballots every thousand votes. Growing the interval with the round keeps
    /// the encoding per event constant (about four ballots encoded per event appended) while an activation still replays
    /// at most a quarter of the round's events after its snapshot. Storage bench, SQLite, one session, votes/s with
    /// group commit: 28,594 growing by a tenth, 37,466 by a quarter, 56,771 with no snapshots at all.</summary>
    public long SnapshotInterval(long version) => Math.Max(SnapshotEvery, version / 4);
}

/// <summary>The checks behind <see cref="RoundGrainOptions"/>, run by DI's ValidateOnStart.
/// Messages name the setting by its configuration path, so the operator knows exactly what to fix.</summary>
public sealed class RoundGrainOptionsValidator : IValidateOptions<RoundGrainOptions>
{
    private const int MaxBatchSizeCeiling = 100_000;

    private readonly string _section;

    public RoundGrainOptionsValidator()
        : this(RoundGrainOptions.SectionName)
    {
    }

    /// <param name="sectionPath">The configuration section the options are bound from, e.g. "Actors".</param>
    public RoundGrainOptionsValidator(string sectionPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        _section = sectionPath;
    }

    public ValidateOptionsResult Validate(string? name, RoundGrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxBatchSize is < 1 or > MaxBatchSizeCeiling)
        {
            failures.Add($"{_section}:MaxBatchSize must be between 1 and {MaxBatchSizeCeiling}, not {options.MaxBatchSize}.");
        }

        if (options.IdleTimeout < TimeSpan.FromSeconds(1) || options.IdleTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{_section}:IdleTimeout must be between 00:00:01 and 1.00:00:00, not {options.IdleTimeout}.");
        }

        if (options.SnapshotEvery < 1)
        {
            failures.Add($"{_section}:SnapshotEvery must be at least 1, not {options.SnapshotEvery}.");
        }

        if (options.SnapshotWhenQuietFor < TimeSpan.Zero || options.SnapshotWhenQuietFor > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{_section}:SnapshotWhenQuietFor must be between 00:00:00 and 00:10:00, not {options.SnapshotWhenQuietFor}.");
        }

        if (options.SnapshotAtLatestAfter < 1)
        {
            failures.Add($"{_section}:SnapshotAtLatestAfter must be at least 1, not {options.SnapshotAtLatestAfter}.");
        }

        if (options.ConflictRetries is < 0 or > 100)
        {
            failures.Add($"{_section}:ConflictRetries must be between 0 and 100, not {options.ConflictRetries}.");
        }

        if (options.CalendarReminderPeriod < TimeSpan.FromSeconds(1) || options.CalendarReminderPeriod > TimeSpan.FromDays(1))
        {
            failures.Add($"{_section}:CalendarReminderPeriod must be between 00:00:01 and 1.00:00:00, not {options.CalendarReminderPeriod}.");
        }

        if (options.CalendarRetryAfter < TimeSpan.FromSeconds(1) || options.CalendarRetryAfter > TimeSpan.FromDays(1))
        {
            failures.Add($"{_section}:CalendarRetryAfter must be between 00:00:01 and 1.00:00:00, not {options.CalendarRetryAfter}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
