using Buurtbudget.Api.Proposals;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Api.Spending;

namespace Buurtbudget.Api.Seeds;

// The shape of seeds/*.json: demo data for a fresh embedded install. Rounds reuse the API's wire types, so a seed
// reads like the requests a municipality would send.

internal sealed record SeedFile(IReadOnlyList<SeedDistrict> Districts, IReadOnlyList<SeedRound> Rounds, IReadOnlyList<SeedBudget>? Budgets = null);

internal sealed record SeedDistrict(string Code, string Name, string Municipality);

/// <summary>Money the municipality allocated to a wijk for a year, loaded before the rounds, which reserve from it.</summary>
/// <param name="YearsAgo">0 for the year the seeds are loaded in, 1 for the year before, and so on: the demo's history
/// stays a history whatever year it is loaded in.</param>
internal sealed record SeedBudget(string District, int YearsAgo, long AmountCents, string Reason);

/// <param name="Phase">The phase the round is brought to: draft, submission, review, voting, tallied, spending or closed.</param>
/// <param name="Ballots">Each ballot as the list of proposal numbers approved; every ballot is a different demo voter.</param>
/// <param name="VotingClosesInDays">For a round seeded in voting: a calendar whose vote closes this many days after the
/// seeds are loaded (submission having run in the two weeks before), so that the demo shows a deadline and its reminder
/// closes the vote on time.</param>
internal sealed record SeedRound(
    string Id,
    string District,
    string Title,
    RulesDto Rules,
    string Phase,
    IReadOnlyList<SeedProposal> Proposals,
    IReadOnlyList<IReadOnlyList<int>> Ballots,
    SeedSpending? Spending = null,
    int? VotingClosesInDays = null);

/// <summary>The accounts of a round brought to spending or closed, in this order: overruns, spends (each recorded by
/// the wijk's coordinator and, where a decision is given, approved or rejected by a second one), progress.</summary>
internal sealed record SeedSpending(IReadOnlyList<OverrunRequest>? Overruns, IReadOnlyList<SeedSpend>? Spends, IReadOnlyList<SeedProgress>? Progress);

/// <param name="Decision">approved, rejected (with <paramref name="Reason"/>), or absent: left pending.</param>
internal sealed record SeedSpend(
    int ProposalId,
    long AmountCents,
    string Description,
    string Supplier,
    string InvoiceReference,
    DateOnly InvoiceDate,
    string? AttachmentReference = null,
    string? Decision = null,
    string? Reason = null);

internal sealed record SeedProgress(int ProposalId, string Status, int PercentComplete, string? Milestone = null);

internal sealed record SeedProposal(
    string Author,
    string Title,
    string Description,
    string Category,
    long EstimatedCostCents,
    string? Buurt = null,
    ReviewRequest? Review = null);
