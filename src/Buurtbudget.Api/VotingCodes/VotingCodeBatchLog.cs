using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Api.VotingCodes;

/// <summary>Whoever holds a batch of codes can vote with them, and read and overwrite the ballots cast with them, so
/// the operator's log names who took each batch, beside the round's event log (whose voting-codes-issued event holds
/// the same key): the coordinator by their keyed hash, never their name or subject.</summary>
internal static partial class VotingCodeBatchLog
{
    public const string Category = "Buurtbudget.VotingCodes";

    public static void HandedOut(ILogger logger, RoundId round, int batch, int count, VotingCodeFormat format, ParticipantKey coordinator) =>
        LogHandedOut(logger, round.ToString(), batch, count, format.ToString().ToLowerInvariant(), coordinator.Value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voting-code batch {Batch} of round {RoundId} ({Count} codes, as {Format}) was handed to coordinator {CoordinatorKey}; whoever holds it can vote with its codes and read and replace their ballots")]
    private static partial void LogHandedOut(ILogger logger, string roundId, int batch, int count, string format, string coordinatorKey);
}
