using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Proposals;

/// <summary>What coordinators decide about proposals during review. Any decision may be revised while the
/// round is in review; merging cannot be undone.</summary>
internal static class ReviewDecisions
{
    public static Decision MarkFeasible(RoundState state, MarkFeasible command, DateTimeOffset now)
    {
        var error = CheckReviewable(state, command, command.Proposal) ?? CheckApprovedCost(state, command.ApprovedCost);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        error = TextRules.CheckOptional(command.Note, "note", ProposalLimits.ReviewTextMaxLength, out var note);
        return error is null
            ? Decision.Accept(new ProposalFoundFeasible(command.Proposal, command.ApprovedCost, note, command.By, now))
            : Decision.Reject(error);
    }

    public static Decision MarkInfeasible(RoundState state, MarkInfeasible command, DateTimeOffset now)
    {
        var error = CheckReviewable(state, command, command.Proposal);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        error = TextRules.Check(command.Reason, "reason", 1, ProposalLimits.ReviewTextMaxLength, multiline: true, out var reason);
        return error is null
            ? Decision.Accept(new ProposalFoundInfeasible(command.Proposal, reason, command.By, now))
            : Decision.Reject(error);
    }

    public static Decision Merge(RoundState state, MergeProposals command, DateTimeOffset now)
    {
        var error = PhaseRules.Require(state, command, RoundPhase.Review);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        if (!state.Proposals.TryGetValue(command.Duplicate, out var duplicate))
        {
            return Decision.Reject(DomainError.Of(RoundErrors.ProposalNotFound, ("proposal", command.Duplicate)));
        }

        if (!state.Proposals.TryGetValue(command.Into, out var into))
        {
            return Decision.Reject(DomainError.Of(RoundErrors.ProposalNotFound, ("proposal", command.Into)));
        }

        if (!duplicate.IsActive)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.ProposalNotInRightState, ("proposal", duplicate.Id), ("status", duplicate.Status.ToString())));
        }

        if (duplicate.Id == into.Id || into.Status is ProposalStatus.Withdrawn or ProposalStatus.Infeasible or ProposalStatus.Merged)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.InvalidMerge, ("proposal", duplicate.Id), ("into", into.Id), ("status", into.Status.ToString())));
        }

        error = TextRules.CheckOptional(command.Note, "note", ProposalLimits.ReviewTextMaxLength, out var note);
        return error is null
            ? Decision.Accept(new ProposalsMerged(duplicate.Id, into.Id, note, command.By, now))
            : Decision.Reject(error);
    }

    private static DomainError? CheckReviewable(RoundState state, RoundCommand command, ProposalId id)
    {
        var error = PhaseRules.Require(state, command, RoundPhase.Review);
        if (error is not null)
        {
            return error;
        }

        if (!state.Proposals.TryGetValue(id, out var proposal))
        {
            return DomainError.Of(RoundErrors.ProposalNotFound, ("proposal", id));
        }

        return proposal.IsActive
            ? null
            : DomainError.Of(RoundErrors.ProposalNotInRightState, ("proposal", id), ("status", proposal.Status.ToString()));
    }

    private static DomainError? CheckApprovedCost(RoundState state, Money approvedCost)
    {
        var budget = state.Rules!.Budget;
        return approvedCost.IsPositive && approvedCost <= budget
            ? null
            : DomainError.Of(RoundErrors.AmountOutOfRange, ("field", "approvedCost"), ("value", approvedCost), ("max", budget));
    }
}
