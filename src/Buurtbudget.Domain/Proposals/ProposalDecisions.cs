using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Proposals;

/// <summary>The limits residents see on the proposal form.</summary>
public static class ProposalLimits
{
    public const int TitleMinLength = 3;
    public const int TitleMaxLength = 120;
    public const int DescriptionMinLength = 10;
    public const int DescriptionMaxLength = 4000;

    /// <summary>Review notes, reasons for infeasibility and merge notes: residents read them, so keep them readable.</summary>
    public const int ReviewTextMaxLength = 1000;
}

/// <summary>What residents may do with their proposals: submit while submission is open, and edit or withdraw
/// their own until review starts.</summary>
internal static class ProposalDecisions
{
    public static Decision Submit(RoundState state, SubmitProposal command, DateTimeOffset now)
    {
        var error = PhaseRules.Require(state, command, RoundPhase.Submission);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        error = CheckContent(state, command.Content, out var content);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        // Proposals are never removed (withdrawn ones stay), so the next number is one more than the count.
        var id = new ProposalId(checked(state.Proposals.Count + 1));
        return Decision.Accept(new ProposalSubmitted(id, command.By, content!, now));
    }

    public static Decision Edit(RoundState state, EditProposal command, DateTimeOffset now)
    {
        var error = CheckOwnSubmitted(state, command, command.Proposal);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        error = CheckContent(state, command.Content, out var content);
        return error is null
            ? Decision.Accept(new ProposalEdited(command.Proposal, content!, now))
            : Decision.Reject(error);
    }

    public static Decision Withdraw(RoundState state, WithdrawProposal command, DateTimeOffset now)
    {
        var error = CheckOwnSubmitted(state, command, command.Proposal);
        return error is null
            ? Decision.Accept(new ProposalWithdrawn(command.Proposal, now))
            : Decision.Reject(error);
    }

    /// <summary>The author's own proposal, while it may still be edited (submission, not yet reviewed or withdrawn).</summary>
    internal static DomainError? CheckOwnSubmitted(RoundState state, RoundCommand command, ProposalId id)
    {
        var error = PhaseRules.Require(state, command, RoundPhase.Submission) ?? CheckExists(state, id);
        if (error is not null)
        {
            return error;
        }

        var proposal = state.Proposals[id];

        if (proposal.Author != command.By)
        {
            return DomainError.Of(RoundErrors.NotProposalAuthor, ("proposal", id));
        }

        return proposal.Status == ProposalStatus.Submitted
            ? null
            : DomainError.Of(RoundErrors.ProposalNotInRightState, ("proposal", id), ("status", proposal.Status.ToString()));
    }

    internal static DomainError? CheckExists(RoundState state, ProposalId id) =>
        state.Proposals.ContainsKey(id) ? null : DomainError.Of(RoundErrors.ProposalNotFound, ("proposal", id));

    /// <summary>Checks what an author wrote and gives it back trimmed, as it will be stored.</summary>
    private static DomainError? CheckContent(RoundState state, ProposalContent? content, out ProposalContent? normalized)
    {
        normalized = null;
        ArgumentNullException.ThrowIfNull(content);
        var error = TextRules.Check(content.Title, "title", ProposalLimits.TitleMinLength, ProposalLimits.TitleMaxLength, multiline: false, out var title);
        if (error is not null)
        {
            return error;
        }

        error = TextRules.Check(content.Description, "description", ProposalLimits.DescriptionMinLength, ProposalLimits.DescriptionMaxLength, multiline: true, out var description);
        if (error is not null)
        {
            return error;
        }

        if (!Enum.IsDefined(content.Category))
        {
            return DomainError.Of(RoundErrors.InvalidCategory, ("value", (int)content.Category));
        }

        var budget = state.Rules!.Budget;
        if (!content.EstimatedCost.IsPositive || content.EstimatedCost > budget)
        {
            return DomainError.Of(RoundErrors.AmountOutOfRange, ("field", "estimatedCost"), ("value", content.EstimatedCost), ("max", budget));
        }

        if (content.Buurt is { } buurt)
        {
            if (buurt.Value is null)
            {
                return DomainError.Of(DistrictErrors.InvalidBuurtCode, ("value", ""));
            }

            if (buurt.District != state.District!.Code)
            {
                return DomainError.Of(DistrictErrors.BuurtOutsideDistrict, ("buurt", buurt.Value), ("district", state.District.Code.Value));
            }
        }

        if (content.Location is { IsValid: false } location)
        {
            return DomainError.Of(DistrictErrors.InvalidLocation, ("latitude", location.Latitude), ("longitude", location.Longitude));
        }

        normalized = content with { Title = title, Description = description };
        return null;
    }
}
