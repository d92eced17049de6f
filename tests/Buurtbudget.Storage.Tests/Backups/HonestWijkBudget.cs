using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Wijken;

namespace Buurtbudget.Storage.Tests.Backups;

/// <summary>A wijk budget's log as the platform writes it, decided by the domain: for export and verifier tests.</summary>
public static class HonestWijkBudget
{
    public static readonly DistrictCode Delfshaven = DistrictCode.Parse("WK059903");
    private static readonly ParticipantKey Admin = new("admin-key");
    public static readonly DateTimeOffset At = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    /// <summary>An honest history: allocated, two rounds reserved, one released, one settled.</summary>
    public static List<(string Type, ReadOnlyMemory<byte> Payload, DateTimeOffset At)> History(RoundId first, RoundId second)
    {
        WijkBudgetCommand[] commands =
        [
            new AllocateBudget(2026, Money.FromEuros(50_000), "Raadsbesluit 2026", Admin),
            new ReserveForRound(first, 2026, Money.FromEuros(30_000), Admin),
            new ReserveForRound(second, 2026, Money.FromEuros(20_000), Admin),
            new ReleaseReservation(second, Admin),
            new SettleRound(first, Money.FromEuros(25_000), Admin),
        ];
        var state = WijkBudgetState.Initial(Delfshaven);
        var events = new List<(string, ReadOnlyMemory<byte>, DateTimeOffset)>();
        foreach (var (command, index) in commands.Select((c, i) => (c, i)))
        {
            var at = At.AddHours(index);
            var decided = WijkBudget.Decide(state, command, at).Events.Single();
            state = state.Apply(decided);
            var (type, payload) = WijkBudgetEventCodec.Encode(decided);
            events.Add((type, payload, at));
        }

        return events;
    }

}
