using System.Collections.Immutable;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Participants;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Ballots;

/// <summary>Whether a ballot is valid under the frozen rules and the frozen ballot. Runs for every vote, so it
/// costs O(choices · log options) and never looks at other ballots.</summary>
internal static class BallotValidation
{
    /// <summary>Checks <paramref name="choices"/> and gives them back in proposal order, as they are stored.
    /// An empty ballot is a blank vote and always valid.</summary>
    public static DomainError? Check(RoundRules rules, ImmutableArray<BallotOption> options, ImmutableArray<BallotChoice> choices, out ImmutableArray<BallotChoice> normalized)
    {
        normalized = [];
        if (choices.IsDefaultOrEmpty)
        {
            return null;
        }

        var cumulative = rules.Method as CumulativePoints;
        var seen = new HashSet<ProposalId>();
        var cost = Money.Zero;
        long points = 0;
        foreach (var choice in choices)
        {
            if (choice is null)
            {
                throw new ArgumentException("A ballot choice is never null.", nameof(choices));
            }

            var option = Find(options, choice.Proposal);
            if (option is null)
            {
                return DomainError.Of(RoundErrors.BallotProposalNotOnBallot, ("proposal", choice.Proposal));
            }

            if (!seen.Add(choice.Proposal))
            {
                return DomainError.Of(RoundErrors.BallotDuplicateProposal, ("proposal", choice.Proposal));
            }

            if (cumulative is null ? choice.Points != 1 : choice.Points < 1)
            {
                return DomainError.Of(RoundErrors.BallotInvalidPoints, ("proposal", choice.Proposal), ("points", choice.Points));
            }

            if (cumulative?.MaxPerProposal is { } cap && choice.Points > cap)
            {
                return DomainError.Of(RoundErrors.BallotPointsOverCap, ("proposal", choice.Proposal), ("points", choice.Points), ("max", cap));
            }

            cost += option.Cost;
            points += choice.Points;
        }

        var error = rules.Method switch
        {
            ApprovalWithinBudget method => CheckWithinBudget(method, choices.Length, cost, rules.Budget),
            ApprovalAtMostK method when choices.Length > method.K =>
                DomainError.Of(RoundErrors.BallotTooManyChoices, ("count", choices.Length), ("max", method.K)),
            CumulativePoints method when points > method.Points =>
                DomainError.Of(RoundErrors.BallotTooManyPoints, ("total", points), ("max", method.Points)),
            _ => null,
        };
        if (error is null)
        {
            normalized = choices.Sort((a, b) => a.Proposal.CompareTo(b.Proposal));
        }

        return error;
    }

    private static DomainError? CheckWithinBudget(ApprovalWithinBudget method, int count, Money cost, Money budget)
    {
        if (method.MaxCount is { } max && count > max)
        {
            return DomainError.Of(RoundErrors.BallotTooManyChoices, ("count", count), ("max", max));
        }

        if (method.MinCount is { } min && count < min)
        {
            return DomainError.Of(RoundErrors.BallotTooFewChoices, ("count", count), ("min", min));
        }

        return cost > budget ? DomainError.Of(RoundErrors.BallotOverBudget, ("total", cost), ("budget", budget)) : null;
    }

    /// <summary>The ballot lists options in id order (VotingOpened), so a binary search finds one.</summary>
    private static BallotOption? Find(ImmutableArray<BallotOption> options, ProposalId proposal)
    {
        var low = 0;
        var high = options.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var comparison = options[middle].Proposal.CompareTo(proposal);
            if (comparison == 0)
            {
                return options[middle];
            }

            if (comparison < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }
}

/// <summary>Casting a ballot: one per participant, the last one counts. Casting the very ballot one already has
/// (same proposals and points, in any order) changes nothing and is accepted without an event: a retried or doubled
/// request must never add a second ballot, nor a BallotReplaced that would only bump the revision.</summary>
internal static class BallotDecisions
{
    public static Decision Cast(RoundState state, CastBallot command, DateTimeOffset now)
    {
        var error = PhaseRules.Require(state, command, RoundPhase.Voting);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        // Whose ballot this is, whichever way it came: one person, one ballot.
        error = ParticipantResolution.Resolve(state, command.By, command.Channel, out var person, out var code);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        error = BallotValidation.Check(state.Rules!, state.BallotOptions, command.Choices, out var choices);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        var recorded = ParticipantResolution.Recorded(state, person, command.Channel);
        if (!state.Ballots.TryGetValue(person, out var current))
        {
            return Decision.Accept(new BallotCast(person, choices, now, recorded, code));
        }

        // Both are in proposal order (the stored one was normalised when it was cast), so equal ballots are equal lists.
        // The same choices through another channel are still a new ballot: it is the one that counts from now on.
        return current.Channel == command.Channel && current.Choices.SequenceEqual(choices)
            ? Decision.Unchanged()
            : Decision.Accept(new BallotReplaced(person, choices, now, recorded, code));
    }
}
