using Buurtbudget.Api.Proposals;
using Buurtbudget.Api.Rounds;

namespace Buurtbudget.Api.Seeds;

// The shape of seeds/*.json: demo data for a fresh embedded install. Rounds reuse the API's wire types, so a seed
// reads like the requests a municipality would send.

internal sealed record SeedFile(IReadOnlyList<SeedDistrict> Districts, IReadOnlyList<SeedRound> Rounds);

internal sealed record SeedDistrict(string Code, string Name, string Municipality);

/// <param name="Phase">The phase the round is brought to: draft, submission, review, voting, tallied, spending or closed.</param>
/// <param name="Ballots">Each ballot as the list of proposal numbers approved; every ballot is a different demo voter.</param>
internal sealed record SeedRound(
    string Id,
    string District,
    string Title,
    RulesDto Rules,
    string Phase,
    IReadOnlyList<SeedProposal> Proposals,
    IReadOnlyList<IReadOnlyList<int>> Ballots);

internal sealed record SeedProposal(
    string Author,
    string Title,
    string Description,
    string Category,
    long EstimatedCostCents,
    string? Buurt = null,
    ReviewRequest? Review = null);
