using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>A proposal as an outcome rule sees it: what it costs and how much support it has.</summary>
/// <param name="Support">Votes (approval ballots) or points (cumulative ballots): what ranks the proposal.</param>
/// <param name="Voters">Ballots that chose it; the equal-shares tie-break prefers more of them.</param>
public sealed record OutcomeCandidate(ProposalId Proposal, Money Cost, long Support, long Voters);
