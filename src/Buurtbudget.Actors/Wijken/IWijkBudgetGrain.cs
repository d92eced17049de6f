using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;

namespace Buurtbudget.Actors.Wijken;

/// <summary>One wijk's budget as an Orleans grain, keyed by the wijk's CBS code: the money the municipality allocated
/// per year and what the wijk's rounds hold and spent. Its events live in the round store under the wijk's stream id
/// (see Storage's WijkBudgetStreams).</summary>
public interface IWijkBudgetGrain : IGrainWithStringKey
{
    /// <summary>Decides <paramref name="command"/> and answers once its events are durable (or why it was refused, or
    /// that storage failed and nothing was stored).</summary>
    Task<WijkBudgetResult> ExecuteAsync(WijkBudgetCommand command);

    /// <summary>The budget's latest durable state and whether its stored chain held when it was loaded.</summary>
    Task<WijkBudgetView> GetViewAsync();

    /// <summary>Sets <paramref name="round"/>'s reservation to the budget the round holds now, read from the round when
    /// this call runs. The API calls it after every change to a round's budget, whatever the change's outcome. Calls here
    /// run one at a time, so the last one runs after the last change, and the reservation ends equal to the round's
    /// budget however concurrent changes interleave (two coordinators saving at once could otherwise leave the wijk
    /// holding one's amount while the round kept the other's). Does nothing for a round without a reservation, without
    /// rules, or with frozen rules.</summary>
    Task<WijkBudgetResult> FollowRoundBudgetAsync(RoundId round, ParticipantKey by);

    /// <summary>Repairs what a crash between two steps of the reservation protocol left behind: settles the
    /// reservations of rounds that have closed and releases those of rounds that were never created (see
    /// <see cref="WijkBudgetGrain.UncreatedRoundGrace"/>), reading the round summaries. Runs by itself whenever the
    /// budget is loaded; the API calls it after closing a round. Answers how many reservations it resolved.</summary>
    Task<int> ReconcileAsync();
}

public static class WijkBudgetGrains
{
    public static IWijkBudgetGrain GetWijkBudgetGrain(this IGrainFactory grains, DistrictCode district)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (district.Value is null)
        {
            throw new ArgumentException("A wijk budget belongs to a wijk.", nameof(district));
        }

        return grains.GetGrain<IWijkBudgetGrain>(district.Value);
    }
}

public enum WijkBudgetStatus
{
    /// <summary>Accepted and durable (or accepted with nothing to store: the budget already held it).</summary>
    Committed = 0,

    /// <summary>Refused by the budget's rules; nothing was stored.</summary>
    Rejected = 1,

    /// <summary>The storage failed; nothing was stored, the caller may retry.</summary>
    StorageUnavailable = 2,

    /// <summary>The stored log fails its hash chain; nothing was stored, and a retry will not help.</summary>
    LogBroken = 3,
}

[GenerateSerializer]
[Immutable]
public sealed record WijkBudgetView([property: Id(0)] WijkBudgetState State, [property: Id(1)] long? BrokenAt);

/// <param name="State">The budget right after this command (or the state it was refused against).</param>
[GenerateSerializer]
[Immutable]
public sealed record WijkBudgetResult(
    [property: Id(0)] WijkBudgetStatus Status,
    [property: Id(1)] ImmutableArray<WijkBudgetEvent> Events,
    [property: Id(2)] WijkBudgetState State,
    [property: Id(3)] DomainError? Error)
{
    public bool Succeeded => Status == WijkBudgetStatus.Committed;
}
