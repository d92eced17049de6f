using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests;

/// <summary>The snapshot and codec tests lean on this comparison, so it must itself be able to fail.</summary>
public class StructuralEqualityTests
{
    [Fact]
    public void Equal_states_built_separately_compare_equal()
    {
        StructuralEquality.AssertEqual(RealisticRound.Build(voters: 6).State, RealisticRound.Build(voters: 6).State);
    }

    [Fact]
    public void A_difference_deep_inside_a_state_is_found_and_located()
    {
        var state = RealisticRound.Build(voters: 6).State;
        var proposal = state.Proposals.Values.First();
        var changed = state with { Proposals = state.Proposals.SetItem(proposal.Id, proposal with { Content = proposal.Content with { Title = "Anders" } }) };

        var difference = StructuralEquality.FindDifference(state, changed, "$", 0);

        Assert.NotNull(difference);
        Assert.Contains(".Proposals[1].Content.Title", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_ballot_or_a_different_time_offset_is_a_difference()
    {
        var state = RealisticRound.Build(voters: 6).State;
        var fewer = state with { Ballots = BallotBook.From(state.Ballots.Values.Skip(1)) };
        var shifted = state with { CreatedAt = state.CreatedAt!.Value.ToOffset(TimeSpan.Zero) };

        Assert.NotNull(StructuralEquality.FindDifference(state, fewer, "$", 0));
        Assert.NotNull(StructuralEquality.FindDifference(state, shifted, "$", 0));
        Assert.NotNull(StructuralEquality.FindDifference(state, state with { Outcome = null }, "$", 0));
        Assert.NotNull(StructuralEquality.FindDifference(state, state with { BallotOptions = state.BallotOptions.RemoveAt(0) }, "$", 0));
    }
}
