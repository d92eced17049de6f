using System.Collections.Immutable;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Api.Ballots;

/// <param name="Choices">The proposals chosen; an empty list is a blank ballot (it counts as turnout).</param>
public sealed record BallotRequest(IReadOnlyList<BallotChoiceDto>? Choices);

/// <param name="Points">Points for cumulative ballots; leave out (or 1) for approval ballots.</param>
public sealed record BallotChoiceDto(int ProposalId, int? Points = null);

/// <summary>A resident's saved ballot. <see cref="Saved"/> is true only once it is durable: the API answers after
/// the ballot is on disk.</summary>
/// <param name="Receipt">The ballot's receipt code (<c>XXXX-XXXX-XXXX-XXXX</c>), derived from the hash of the event that
/// cast it: after the vote it is on the round's bulletin board with these choices, as counted or as superseded.</param>
/// <param name="Channel">How the ballot that counts came: <c>sign-in</c>, <c>letter-code</c> or <c>paper</c>. One person has one
/// ballot whichever way they vote, so a resident who signs in sees a ballot they cast with their letter code, and the
/// other way round.</param>
/// <param name="ReplacedChannel">When this ballot replaced the person's earlier ballot that came another way: that
/// way, so that the client can say which ballot counts ("U stemde eerder met uw stemcode. Deze stem telt nu."); null
/// otherwise. It is about the caller's own ballots only.</param>
public sealed record BallotDto(
    bool Saved,
    int Revision,
    bool Blank,
    DateTimeOffset CastAt,
    IReadOnlyList<BallotChoiceDto> Choices,
    long TotalCostCents,
    long PointsUsed,
    string Receipt,
    string Channel = BallotChannelNames.SignIn,
    string? ReplacedChannel = null);

/// <param name="Channels">Per channel: the ballots that count (they add up to the turnout) and those a later ballot of
/// the same person through another channel replaced.</param>
public sealed record TallyDto(string Phase, long Turnout, long BlankBallots, IReadOnlyList<ProposalTallyDto> Proposals, IReadOnlyList<ChannelCountDto>? Channels = null);

/// <param name="Channel"><c>sign-in</c>, <c>letter-code</c> or <c>paper</c>.</param>
/// <param name="Counted">Ballots that came this way and count.</param>
/// <param name="ReplacedByOtherChannel">Ballots that came this way and were replaced by the same person's later ballot
/// through another channel (so they do not count).</param>
public sealed record ChannelCountDto(string Channel, long Counted, long ReplacedByOtherChannel);

/// <summary>The names of <see cref="BallotChannel"/> on the wire, in the API and the open data alike.</summary>
public static class BallotChannelNames
{
    public const string SignIn = "sign-in";
    public const string LetterCode = "letter-code";
    public const string Paper = "paper";

    public static string Of(BallotChannel channel) => channel switch
    {
        BallotChannel.SignIn => SignIn,
        BallotChannel.LetterCode => LetterCode,
        BallotChannel.Paper => Paper,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "A channel without a name on the wire."),
    };

    public static IReadOnlyList<ChannelCountDto> ToDtos(ChannelTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return [.. tally.Channels.Select(count => new ChannelCountDto(Of(count.Channel), count.Counted, count.ReplacedByOtherChannel))];
    }
}

public sealed record ProposalTallyDto(int ProposalId, string Title, long CostCents, long Voters, long Points);

internal static class BallotMapping
{
    /// <summary>The choices of a ballot body as the round takes them, or the error to answer: every way of voting
    /// (signed in or by code) reads its body here, so both refuse the same things in the same words.</summary>
    public static DomainError? ToChoices(IReadOnlyList<BallotChoiceDto>? dtos, out ImmutableArray<BallotChoice> choices)
    {
        choices = [];
        if (dtos is null)
        {
            return Rounds.RoundMapping.Missing("choices");
        }

        if (dtos.FirstOrDefault(c => c.ProposalId < 1) is { } bad)
        {
            return DomainError.Of(RoundErrors.BallotProposalNotOnBallot, ("proposal", bad.ProposalId));
        }

        choices = [.. dtos.Select(c => new BallotChoice(new ProposalId(c.ProposalId), c.Points ?? 1))];
        return null;
    }

    public static BallotDto ToDto(this BallotView view, BallotReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(view);
        var ballot = view.Ballot;
        var choices = ballot.Choices.IsDefault ? [] : ballot.Choices;
        return new BallotDto(
            Saved: true,
            ballot.Revision,
            ballot.IsBlank,
            ballot.CastAt,
            [.. choices.Select(c => new BallotChoiceDto(c.Proposal.Number, c.Points))],
            view.TotalCost.Cents,
            choices.Sum(c => (long)c.Points),
            receipt.ToString(),
            BallotChannelNames.Of(ballot.Channel),
            ballot.ReplacedChannel is { } replaced ? BallotChannelNames.Of(replaced) : null);
    }

    public static TallyDto ToTallyDto(this RoundOverview state) =>
        new(
            Rounds.RoundMapping.Name(state.Phase),
            state.Tally.Turnout,
            state.Tally.BlankBallots,
            [.. state.BallotOptions.Select(o =>
            {
                var support = state.Tally.For(o.Proposal);
                return new ProposalTallyDto(o.Proposal.Number, state.Proposals[o.Proposal].Content.Title, o.Cost.Cents, support.Voters, support.Points);
            })],
            BallotChannelNames.ToDtos(state.ChannelCounts));
}
