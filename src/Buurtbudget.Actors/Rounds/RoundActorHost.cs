using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Actors.Rounds;

/// <summary>Hosts the round activations of this process: one per round id, created on first call, deactivated
/// when idle, all closed and drained on dispose. Correct with other hosts (nodes) on the same store: appends
/// state the version they expect, and a conflict is resolved by reloading.</summary>
public sealed class RoundActorHost : IRoundGrainFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<RoundId, RoundActivation> _activations = new();

    // Deactivated activations still answering their last commands, by round: a fresh activation waits for them.
    private readonly ConcurrentDictionary<RoundId, Task> _retiring = new();

    private readonly IEventStore _store;
    private readonly RoundActorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RoundActorMetrics _metrics;
    private readonly ITimer _sweepTimer;
    private int _sweeping;
    private int _disposed;

    public RoundActorHost(
        IEventStore store,
        RoundActorOptions options,
        TimeProvider timeProvider,
        ILogger<RoundActorHost> logger,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var validation = new RoundActorOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RoundActorOptions), validation.Failures);
        }

        _store = store;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _metrics = new RoundActorMetrics(meterFactory, () => _activations.Count);
        var interval = options.SweepInterval;
        _sweepTimer = timeProvider.CreateTimer(static state => ((RoundActorHost)state!).Sweep(), this, interval, interval);
    }

    /// <summary>Round activations in memory now.</summary>
    public int ActivationCount => _activations.Count;

    public IRoundGrain GetGrain(RoundId roundId)
    {
        if (roundId.Value == Guid.Empty)
        {
            throw new ArgumentException("A round id is never the empty UUID.", nameof(roundId));
        }

        return new RoundGrain(this, roundId);
    }

    internal RoundActivation GetActivation(RoundId roundId)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_activations.TryGetValue(roundId, out var existing))
        {
            return existing;
        }

        var predecessor = _retiring.TryGetValue(roundId, out var retiring) ? retiring : Task.CompletedTask;
        var created = new RoundActivation(roundId, predecessor, _store, _time, _options, _logger, _metrics);
        var winner = _activations.GetOrAdd(roundId, created);
        if (!ReferenceEquals(winner, created))
        {
            // Lost the race to another caller; the unstarted candidate holds nothing and is dropped.
            return winner;
        }

        created.Start();
        if (Volatile.Read(ref _disposed) != 0)
        {
            // Disposal began while this activation was being added and may not have seen it.
            created.Close();
            throw new ObjectDisposedException(nameof(RoundActorHost));
        }

        return created;
    }

    private void Sweep()
    {
        // Timer callbacks may overlap when a sweep is slow; one at a time is enough.
        if (Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            var now = _time.GetTimestamp();
            foreach (var (roundId, activation) in _activations)
            {
                if (activation.IsIdle(now))
                {
                    Deactivate(roundId, activation);
                }
            }
        }
        catch (Exception exception)
        {
            RoundActorLog.SweepFailed(_logger, exception);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private void Deactivate(RoundId roundId, RoundActivation activation)
    {
        // Registered as retiring before it leaves, so a fresh activation created in between already waits for it.
        // Leaving before closing means a caller who finds the mailbox closed also finds it gone from the host.
        var completion = activation.Completion;
        _retiring[roundId] = completion;
        if (!_activations.TryRemove(KeyValuePair.Create(roundId, activation)))
        {
            _retiring.TryRemove(KeyValuePair.Create(roundId, completion));
            return;
        }

        activation.Close();
        _ = ForgetWhenDrainedAsync(roundId, completion);
        RoundActorLog.Deactivated(_logger, roundId);
    }

    private async Task ForgetWhenDrainedAsync(RoundId roundId, Task completion)
    {
        await completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _retiring.TryRemove(KeyValuePair.Create(roundId, completion));
    }

    /// <summary>Closes every mailbox and waits until every queued command has been answered.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _sweepTimer.DisposeAsync();
        var activations = _activations.Values.ToList();
        foreach (var activation in activations)
        {
            activation.Close();
        }

        await Task.WhenAll(activations.Select(a => a.Completion).Concat(_retiring.Values));
        _activations.Clear();
        _metrics.Dispose();
    }
}
