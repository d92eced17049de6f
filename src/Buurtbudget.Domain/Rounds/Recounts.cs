using System.Text.Json;
using Buurtbudget.Domain.Outcomes;

namespace Buurtbudget.Domain.Rounds;

/// <summary>An auditor's recount, once the round has published its outcome (tallied, spending or closed).</summary>
internal static class Recounts
{
    public static Decision Record(RoundState state, RecordRecount command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command.Recomputed, nameof(command));
        if (PhaseRules.Require(state, command, RoundPhase.Tallied, RoundPhase.Spending, RoundPhase.Closed) is { } wrongPhase)
        {
            return Decision.Reject(wrongPhase);
        }

        if (command.ThroughSequence < 1 || command.ThroughSequence > state.Version)
        {
            throw new ArgumentException($"A recount through event {command.ThroughSequence} of a round at {state.Version}.", nameof(command));
        }

        return Decision.Accept(new RecountRecorded(command.Recomputed, Same(state.Outcome!, command.Recomputed), command.ThroughSequence, command.By, now));
    }

    /// <summary>Equal when they encode to the same bytes: every proposal's cost, support, rank, funding and explanation,
    /// and the budget, spend and turnout. (Records compare their immutable arrays by reference, not by content.)</summary>
    public static bool Same(RoundOutcome published, RoundOutcome recomputed) =>
        JsonSerializer.SerializeToUtf8Bytes(published, RoundJsonContext.Default.RoundOutcome)
            .AsSpan()
            .SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(recomputed, RoundJsonContext.Default.RoundOutcome));
}
