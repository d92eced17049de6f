using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Actors.Tests.Fixtures;

/// <summary>Compares rounds by what they mean: the state is a record over immutable collections, whose own equality
/// compares references. A grain gives out its round as an overview and one ballot at a time, so that is what is
/// compared.</summary>
public static class StateAssert
{
    /// <summary>The round as its grain's views show it (the overview: no per-voter sets).</summary>
    public static async Task<RoundOverview> RoundAsync(this IRoundGrain grain) => (await grain.GetViewAsync()).Round;

    /// <summary>One voter's ballot as the grain holds it, or null.</summary>
    public static async Task<Ballot?> BallotAsync(this IRoundGrain grain, ParticipantKey voter) => (await grain.GetVoterAsync(voter)).Ballot?.Ballot;

    /// <summary>Compares the grain's round with <paramref name="expected"/>: its overview, then every expected ballot asked
    /// for one by one, as the grain gives them out.</summary>
    public static async Task EquivalentAsync(RoundState expected, IRoundGrain grain)
    {
        Equivalent(RoundOverview.Of(expected), await grain.RoundAsync());
        foreach (var (voter, ballot) in expected.Ballots)
        {
            var other = await grain.BallotAsync(voter);
            Assert.True(other is not null, $"The ballot of {voter} is missing.");
            Assert.Equal(ballot.Revision, other.Revision);
            Assert.Equal(ballot.CastAt, other.CastAt);
            Assert.Equal(ballot.Sequence, other.Sequence);
            Assert.Equal(ballot.Choices.AsEnumerable(), other.Choices.AsEnumerable());
        }
    }

    public static void Equivalent(RoundState expected, RoundOverview actual) => Equivalent(RoundOverview.Of(expected), actual);

    public static void Equivalent(RoundOverview expected, RoundOverview actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Phase, actual.Phase);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Rules, actual.Rules);
        Assert.Equal(expected.Proposals.Keys, actual.Proposals.Keys);
        foreach (var (id, proposal) in expected.Proposals)
        {
            var other = actual.Proposals[id];
            Assert.Equal((proposal.Status, proposal.Author, proposal.Content, proposal.ApprovedCost), (other.Status, other.Author, other.Content, other.ApprovedCost));
        }

        Assert.Equal(expected.BallotOptions.AsEnumerable(), actual.BallotOptions.AsEnumerable());
        Assert.Equal(expected.Tally.Turnout, actual.Tally.Turnout);
        Assert.Equal(expected.Tally.BlankBallots, actual.Tally.BlankBallots);
        Assert.Equal(expected.Tally.Support.ToList(), actual.Tally.Support.ToList());
        Assert.Equal(expected.BallotCount, actual.BallotCount);
        Assert.Equal(expected.VotingCodesIssued, actual.VotingCodesIssued);
        Assert.Equal(expected.RegisteredVoters, actual.RegisteredVoters);
    }

    /// <summary>The round as its stored events make it, replayed here from the first event: the reference that
    /// activations (fresh, reloaded, from a snapshot) must agree with.</summary>
    public static async Task<RoundState> ReplayFromDiskAsync(IEventStore store, RoundId roundId)
    {
        var state = RoundState.Initial(roundId);
        foreach (var stored in await store.ReadAsync(roundId, 0))
        {
            state = state.Apply(RoundEventCodec.Decode(stored.Type, stored.Payload.Span));
        }

        return state;
    }
}
