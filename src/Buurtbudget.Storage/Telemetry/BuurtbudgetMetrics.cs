using System.Diagnostics.Metrics;

namespace Buurtbudget.Storage.Telemetry;

/// <summary>The platform's own instruments, all on the meter <see cref="MeterName"/>: what the rounds decided, what the
/// store committed and what the rate limits refused. One place, so that an operator finds every Buurtbudget metric under
/// one name and a new one is added beside the others. It lives in the storage project because that is the lowest one
/// every recorder references (the grains, the store's committer, the API's rate limits); the domain stays free of it.</summary>
/// <remarks>The ballot path is measured under load, so everything here records per turn or per commit, never per
/// command, and with no tags except the rate-limit policy (a constant string, so no allocation either): a few additions
/// per batch of ballots, one histogram entry per commit.</remarks>
public sealed class BuurtbudgetMetrics : IDisposable
{
    public const string MeterName = "Buurtbudget";

    /// <summary>The tag that names the refusing rate-limit policy.</summary>
    public const string PolicyTag = "policy";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _ballotsAccepted;
    private readonly Counter<long> _committed;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _storageUnavailable;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _conflicts;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<int> _commitAppends;
    private readonly Counter<long> _rateLimitRefusals;

    /// <param name="meterFactory">The host's factory; without one (a tool, a benchmark) the instance owns its meter and
    /// disposes it with itself.</param>
    public BuurtbudgetMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _ballotsAccepted = _meter.CreateCounter<long>("buurtbudget.ballots.accepted", "{ballot}", "Ballots decided valid and durable (a replaced ballot counts again).");
        _committed = _meter.CreateCounter<long>("buurtbudget.actors.commands.committed", "{command}", "Commands whose events are durable.");
        _rejected = _meter.CreateCounter<long>("buurtbudget.actors.commands.rejected", "{command}", "Commands refused by the round's rules.");
        _storageUnavailable = _meter.CreateCounter<long>("buurtbudget.actors.commands.storage_unavailable", "{command}", "Commands answered that the storage failed.");
        _batches = _meter.CreateCounter<long>("buurtbudget.actors.batches", "{batch}", "Turns that decided at least one command.");
        _conflicts = _meter.CreateCounter<long>("buurtbudget.actors.conflicts", "{conflict}", "Appends refused because another writer appended first.");
        _batchSize = _meter.CreateHistogram<int>(
            "buurtbudget.actors.batch.size",
            "{command}",
            "Commands a round decided in one turn, stored in one append.",
            tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000] });
        _commitDuration = _meter.CreateHistogram<double>(
            "buurtbudget.store.commit.duration",
            "s",
            "Time from a group commit's start to its transaction being durable.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });
        _commitAppends = _meter.CreateHistogram<int>(
            "buurtbudget.store.commit.appends",
            "{append}",
            "Appends (of one or more rounds) that shared one commit.",
            tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500] });
        _rateLimitRefusals = _meter.CreateCounter<long>("buurtbudget.rate_limit.refusals", "{request}", "Requests refused with 429, by the endpoint's rate-limit policy.");
    }

    /// <summary>One turn of a round: how many commands it decided and how each ended.</summary>
    public void Batch(int size, int committed, int rejected, int storageUnavailable, int acceptedBallots = 0)
    {
        _batches.Add(1);
        _batchSize.Record(size);
        if (committed > 0)
        {
            _committed.Add(committed);
        }

        if (acceptedBallots > 0)
        {
            _ballotsAccepted.Add(acceptedBallots);
        }

        if (rejected > 0)
        {
            _rejected.Add(rejected);
        }

        if (storageUnavailable > 0)
        {
            _storageUnavailable.Add(storageUnavailable);
        }
    }

    public void Conflict() => _conflicts.Add(1);

    /// <summary>One committed transaction of the store's group commit.</summary>
    public void Commit(int appends, TimeSpan duration)
    {
        _commitAppends.Record(appends);
        _commitDuration.Record(duration.TotalSeconds);
    }

    /// <summary>A request refused by a rate limit; <paramref name="policy"/> is the endpoint's policy name.</summary>
    public void RateLimitRefused(string? policy) =>
        _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>(PolicyTag, policy ?? "none"));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
