using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Rounds;

/// <summary>Opening the vote: the moment the rules and the ballot are frozen, so everything that would make
/// the vote unfair or impossible is checked here, before any resident sees a ballot.</summary>
internal static class VotingOpening
{
    public static Decision Decide(RoundState state, OpenVoting command, DateTimeOffset now)
    {
        var error = PhaseRules.Require(state, command, RoundPhase.Review);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        var rules = state.Rules ?? throw new InvalidOperationException($"Round {state.Id} has no rules.");
        var awaiting = state.Proposals.Values.Where(p => p.Status == ProposalStatus.Submitted).Select(p => p.Id).ToList();
        if (awaiting.Count > 0)
        {
            return Decision.Reject(DomainError.Of(
                RoundErrors.ReviewIncomplete, ("count", awaiting.Count), ("proposals", string.Join(", ", awaiting))));
        }

        // Proposals is sorted by id, so the ballot lists options in id order.
        var options = state.Proposals.Values
            .Where(p => p.IsOnBallot)
            .Select(p => new BallotOption(p.Id, p.ApprovedCost ?? throw new InvalidOperationException($"Feasible proposal {p.Id} has no approved cost.")))
            .ToImmutableArray();
        if (options.IsEmpty)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.NoFeasibleProposals));
        }

        if (rules.Eligibility?.RegisterRequired == true && state.VoterRegister.IsEmpty)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.VoterRegisterMissing));
        }

        // The budget may have been lowered after a proposal was approved; such a proposal could never be funded.
        var tooExpensive = options.FirstOrDefault(o => o.Cost > rules.Budget);
        if (tooExpensive is not null)
        {
            return Decision.Reject(DomainError.Of(
                RoundErrors.AmountOutOfRange, ("field", "approvedCost"), ("proposal", tooExpensive.Proposal), ("value", tooExpensive.Cost), ("max", rules.Budget)));
        }

        error = CheckSatisfiable(rules, options);
        return error is null
            ? Decision.Accept(new VotingOpened(rules, options, command.By, now, state.Calendar))
            : Decision.Reject(error);
    }

    /// <summary>A ballot method no resident can fill in would leave only blank ballots.</summary>
    private static DomainError? CheckSatisfiable(RoundRules rules, ImmutableArray<BallotOption> options)
    {
        if (rules.Method is not ApprovalWithinBudget { MinCount: { } minCount })
        {
            return null;
        }

        if (minCount > options.Length)
        {
            return DomainError.Of(RoundErrors.BallotMethodImpossible,
                ("reason", BallotMethodImpossibleReasons.MinCountAboveOptions), ("value", minCount), ("available", options.Length));
        }

        var cheapest = Money.Sum(options.Select(o => o.Cost).Order().Take(minCount));
        return cheapest > rules.Budget
            ? DomainError.Of(RoundErrors.BallotMethodImpossible,
                ("reason", BallotMethodImpossibleReasons.MinCountOverBudget), ("value", cheapest), ("available", rules.Budget))
            : null;
    }
}
