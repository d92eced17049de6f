using System.Collections.Immutable;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.PaperBallots;

/// <summary>How the paper-batch events change a round (called by <see cref="RoundEvolution"/>, which sets the version).
/// The ballots a committed batch counts are their own ballot events and change the ballots there.</summary>
internal static class PaperBatchEvolution
{
    public static RoundState Apply(RoundState state, RoundEvent roundEvent) => roundEvent switch
    {
        PaperBatchOpened e => state with
        {
            PaperBatches = state.PaperBatches.Add(new PaperBatch(e.Batch, e.Label, e.By, e.At, PaperPass.Empty, PaperPass.Empty, ImmutableSortedDictionary<int, PaperResolution>.Empty)),
        },
        PaperBallotEntered e => Change(state, e.Batch, batch => WithPass(batch, e.Pass, pass => pass with
        {
            Typist = e.By,
            Ballots = pass.Ballots.SetItem(e.Position, e.Ballot),
        })),
        PaperEntryFinished e => Change(state, e.Batch, batch => WithPass(batch, e.Pass, pass => pass with { Finished = true })),
        PaperBallotResolved e => Change(state, e.Batch, batch => batch with
        {
            Resolutions = batch.Resolutions.SetItem(e.Position, new PaperResolution(e.Counted, e.SetAsideReason, e.By, e.At)),
        }),
        PaperBatchCommitted e => Change(state, e.Batch, batch => batch with { Totals = e.Totals, CommittedAt = e.At }),
        _ => throw new ArgumentException($"{roundEvent.GetType().Name} is not a paper-batch event.", nameof(roundEvent)),
    };

    private static PaperBatch WithPass(PaperBatch batch, PaperEntryPass pass, Func<PaperPass, PaperPass> change) =>
        pass == PaperEntryPass.First ? batch with { First = change(batch.First) } : batch with { Second = change(batch.Second) };

    private static RoundState Change(RoundState state, int number, Func<PaperBatch, PaperBatch> change)
    {
        if (number < 1 || number > state.PaperBatches.Length)
        {
            throw new InvalidOperationException($"Round {state.Id} has no paper batch {number}.");
        }

        return state with { PaperBatches = state.PaperBatches.SetItem(number - 1, change(state.PaperBatches[number - 1])) };
    }
}
