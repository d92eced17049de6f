using Buurtbudget.Domain.Ballots;
using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Reports;

/// <summary>What one category got in a round or a wijk: funded projects, their approved cost and the approved spend.</summary>
public sealed record CategoryFigures(ProposalCategory Category, int FundedProjects, Money Funded, Money Spent);

/// <summary>A decided round in figures, with nothing about any one resident: ballots counted, what was funded and what
/// was spent.</summary>
/// <param name="RegisteredVoters">The size of the round's voter register, where it had one: the only electorate the
/// platform knows, so turnout as a share is given only for those rounds.</param>
/// <param name="Spent">Approved spend (four eyes); <paramref name="Pending"/> awaits its second coordinator.</param>
/// <param name="Channels">Per ballot channel, the ballots that count and those a later ballot of the same person
/// through another channel replaced; null in figures stored before channels were counted.</param>
public sealed record RoundFigures(
    RoundId Round,
    District District,
    string Title,
    RoundPhase Phase,
    DateTimeOffset? VotingClosedAt,
    Money Budget,
    long Ballots,
    int? RegisteredVoters,
    int FundedProjects,
    Money Funded,
    Money Spent,
    Money Pending,
    ImmutableArray<CategoryFigures> Categories,
    ChannelTally? Channels = null)
{
    /// <summary>Ballots as a percentage of the register, one decimal; null without a register.</summary>
    public decimal? TurnoutPercent => RegisteredVoters is > 0 and var registered ? Math.Round(100m * Ballots / registered, 1) : null;
}

/// <summary>A wijk's decided rounds together.</summary>
public sealed record DistrictFigures(
    District District,
    int Rounds,
    long Ballots,
    Money Budget,
    Money Funded,
    Money Spent,
    ImmutableArray<CategoryFigures> Categories);

/// <summary>The city-wide, anonymised comparison of wijken that learning networks ask for: turnout, the categories
/// funded and the spend realised, per round and per wijk. Only rounds whose voting has closed take part.</summary>
public static class CityOverview
{
    /// <summary>The round's figures; null while it has no outcome yet.</summary>
    public static RoundFigures? Of(RoundState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Outcome is not { } outcome || state.District is null)
        {
            return null;
        }

        var winners = outcome.Winners.ToList();
        var ledger = state.Spending;
        var categories = winners
            .GroupBy(w => state.Proposals[w.Proposal].Content.Category)
            .OrderBy(group => group.Key)
            .Select(group => new CategoryFigures(
                group.Key,
                group.Count(),
                Money.Sum(group.Select(w => w.Cost)),
                Money.Sum(group.Select(w => ledger.ApprovedFor(w.Proposal)))));
        return new RoundFigures(
            state.Id,
            state.District,
            state.Title,
            state.Phase,
            state.VotingClosedAt,
            outcome.Budget,
            outcome.Turnout,
            state.VoterRegister.Count > 0 ? state.VoterRegister.Count : null,
            winners.Count,
            Money.Sum(winners.Select(w => w.Cost)),
            ledger.Approved,
            ledger.Pending,
            [.. categories],
            state.Channels);
    }

    /// <summary>The rounds of each wijk added up, wijken in the order of their codes.</summary>
    public static ImmutableArray<DistrictFigures> ByDistrict(IEnumerable<RoundFigures> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        return
        [
            .. rounds
                .GroupBy(round => round.District.Code)
                .OrderBy(group => group.Key.Value, StringComparer.Ordinal)
                .Select(group => new DistrictFigures(
                    group.OrderByDescending(round => round.VotingClosedAt).First().District,
                    group.Count(),
                    group.Sum(round => round.Ballots),
                    Money.Sum(group.Select(round => round.Budget)),
                    Money.Sum(group.Select(round => round.Funded)),
                    Money.Sum(group.Select(round => round.Spent)),
                    [.. group
                        .SelectMany(round => round.Categories)
                        .GroupBy(category => category.Category)
                        .OrderBy(category => category.Key)
                        .Select(category => new CategoryFigures(
                            category.Key,
                            category.Sum(c => c.FundedProjects),
                            Money.Sum(category.Select(c => c.Funded)),
                            Money.Sum(category.Select(c => c.Spent))))])),
        ];
    }
}
