using System.Diagnostics.Metrics;

namespace Buurtbudget.Actors.Rounds;

/// <summary>The round grains' instruments on the meter "Buurtbudget.Actors". Counters and one histogram
/// record per turn, not per command, so the hot path pays a few additions per batch.</summary>
internal sealed class RoundGrainMetrics : IDisposable
{
    public const string MeterName = "Buurtbudget.Actors";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _committed;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _storageUnavailable;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _conflicts;
    private readonly Histogram<int> _batchSize;

    public RoundGrainMetrics(IMeterFactory? meterFactory)
    {
        // Without DI's meter factory (a tool) the instance owns its meter and disposes it with itself. Activations are
        // counted by Orleans' own instruments.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _committed = _meter.CreateCounter<long>("buurtbudget.actors.commands.committed", "{command}", "Commands whose events are durable.");
        _rejected = _meter.CreateCounter<long>("buurtbudget.actors.commands.rejected", "{command}", "Commands refused by the round's rules.");
        _storageUnavailable = _meter.CreateCounter<long>("buurtbudget.actors.commands.storage_unavailable", "{command}", "Commands answered that the storage failed.");
        _batches = _meter.CreateCounter<long>("buurtbudget.actors.batches", "{batch}", "Turns that decided at least one command.");
        _conflicts = _meter.CreateCounter<long>("buurtbudget.actors.conflicts", "{conflict}", "Appends refused because another writer appended first.");
        _batchSize = _meter.CreateHistogram<int>(
            "buurtbudget.actors.batch.size",
            "{command}",
            "Commands decided in one turn.",
            tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000] });
    }

    public void Batch(int size, int committed, int rejected, int storageUnavailable)
    {
        _batches.Add(1);
        _batchSize.Record(size);
        if (committed > 0)
        {
            _committed.Add(committed);
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

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
