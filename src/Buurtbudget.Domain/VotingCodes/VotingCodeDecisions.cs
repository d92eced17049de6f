using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.VotingCodes;

/// <summary>Issuing voting codes: allowed until voting closes, so that codes can be printed and sent before or
/// while residents vote; afterwards a code could no longer be used.</summary>
internal static class VotingCodeDecisions
{
    public static Decision Issue(RoundState state, IssueVotingCodes command, DateTimeOffset now)
    {
        var error = PhaseRules.RequireUpTo(state, command, RoundPhase.Voting);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        var count = command.Codes.IsDefault ? 0 : command.Codes.Length;
        error = VotingCode.CheckBatchSize(count);
        if (error is not null)
        {
            return Decision.Reject(error);
        }

        // The keys are hashes of fresh random codes, never a person's input: a repeat means a broken generator.
        if (command.Codes.Distinct().Count() != count || command.Codes.Any(code => Participants.ParticipantResolution.IsCode(state, code)))
        {
            throw new ArgumentException("A batch of voting codes repeats a code; codes are random and never repeat.", nameof(command));
        }

        return Decision.Accept(new VotingCodesIssued(checked(state.VotingCodeBatches + 1), count, command.Codes, command.By, now));
    }
}
