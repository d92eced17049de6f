using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Tests.Backups;

/// <summary>A wijk budget's log exports and verifies offline like a round's: chain, bytes, and the budget's rules.</summary>
public class WijkBudgetExportTests
{
    private static readonly DistrictCode Delfshaven = HonestWijkBudget.Delfshaven;
    private static readonly ParticipantKey Admin = new("admin-key");
    private static readonly DateTimeOffset At = HonestWijkBudget.At;

    private static List<(string Type, ReadOnlyMemory<byte> Payload, DateTimeOffset At)> History(RoundId first, RoundId second) =>
        HonestWijkBudget.History(first, second);

    [Fact]
    public void An_honest_wijk_budget_export_verifies_with_its_figures()
    {
        var stream = WijkBudgetStreams.StreamOf(Delfshaven);
        var events = HonestRound.Chain(stream, History(RoundId.New(), RoundId.New()));

        var verification = RoundEventsVerifier.Verify(RoundEventsDocument.FromStored(stream, events, HonestRound.ExportedAt).ToCanonicalUtf8());

        Assert.True(verification.IsValid, verification.Reason);
        Assert.Null(verification.State);
        var year = verification.WijkBudget!.YearOf(2026);
        Assert.Equal((Money.FromEuros(50_000), Money.Zero, Money.FromEuros(25_000), Money.FromEuros(25_000)), (year.Allocated, year.Reserved, year.Spent, year.Available));
    }

    [Fact]
    public void A_reservation_beyond_the_allocation_is_caught_by_the_rules_even_with_the_chain_recomputed()
    {
        var stream = WijkBudgetStreams.StreamOf(Delfshaven);
        var history = History(RoundId.New(), RoundId.New());
        var (_, payload) = WijkBudgetEventCodec.Encode(new RoundBudgetReserved(RoundId.New(), 2026, Money.FromEuros(30_000), Money.Zero, Admin, At.AddHours(2)));
        history[2] = ("wijk-budget-reserved", payload, At.AddHours(2));
        var events = HonestRound.Chain(stream, history);

        var verification = RoundEventsVerifier.Verify(RoundEventsDocument.FromStored(stream, events, HonestRound.ExportedAt).ToCanonicalUtf8());

        Assert.True(EventChain.Verify(events).IsIntact);
        Assert.False(verification.IsValid);
        Assert.Equal(3, verification.Sequence);
        Assert.Contains(WijkBudgetErrors.InsufficientBudget, verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wijk_budget_filed_under_another_wijks_stream_is_refused()
    {
        var other = WijkBudgetStreams.StreamOf(DistrictCode.Parse("WK059905"));
        var events = HonestRound.Chain(other, History(RoundId.New(), RoundId.New()));

        var verification = RoundEventsVerifier.Verify(RoundEventsDocument.FromStored(other, events, HonestRound.ExportedAt).ToCanonicalUtf8());

        Assert.False(verification.IsValid);
        Assert.Contains("WK059903", verification.Reason, StringComparison.Ordinal);
    }
}
