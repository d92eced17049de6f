using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Ballots;

/// <summary>One line of a ballot: a proposal and the points given to it (1 for approval ballots).</summary>
public sealed record BallotChoice(ProposalId Proposal, int Points = 1);

/// <summary>A resident's current ballot in a round. An empty ballot is a blank vote: it counts as turnout.</summary>
/// <param name="Revision">1 for the first ballot, 2 after the first replacement, and so on.</param>
/// <param name="Sequence">The sequence of the event that cast this ballot (cast or replaced): its stored hash gives the
/// ballot's <see cref="BallotReceipt"/>.</param>
/// <param name="Channel">The way this ballot came (sign-in, letter code).</param>
/// <param name="ReplacedChannel">When this ballot replaced one of the same person that came another way: that way, so
/// that the person can be told which of their ballots counts. Null after a first ballot or a change of mind through
/// the same channel.</param>
public sealed record Ballot(
    ParticipantKey Voter,
    ImmutableArray<BallotChoice> Choices,
    DateTimeOffset CastAt,
    int Revision,
    long Sequence,
    BallotChannel Channel = BallotChannel.SignIn,
    BallotChannel? ReplacedChannel = null)
{
    // A default ImmutableArray throws on enumeration: a blank ballot is an empty one, never a default one.
    public ImmutableArray<BallotChoice> Choices { get; init; } = Choices.IsDefault ? [] : Choices;

    [JsonIgnore]
    public bool IsBlank => Choices.IsEmpty;
}

/// <summary>Support for one proposal: how many ballots chose it and how many points they gave it.</summary>
public sealed record ProposalSupport(long Voters, long Points)
{
    public static ProposalSupport None { get; } = new(0, 0);
}

/// <summary>What a ballot's choices cost together.</summary>
public static class BallotCosts
{
    /// <summary>The sum of the frozen costs in <paramref name="options"/> of the proposals <paramref name="ballot"/>
    /// chose; a choice that is not on the ballot costs nothing (a stored ballot never has one).</summary>
    public static Money Of(Ballot ballot, ImmutableArray<Rounds.BallotOption> options)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        var total = Money.Zero;
        foreach (var choice in ballot.Choices)
        {
            foreach (var option in options)
            {
                if (option.Proposal == choice.Proposal)
                {
                    total += option.Cost;
                    break;
                }
            }
        }

        return total;
    }
}
