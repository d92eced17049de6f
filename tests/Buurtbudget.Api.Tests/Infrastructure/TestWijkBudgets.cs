using Buurtbudget.Actors.Wijken;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Wijken;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.Hosting;

namespace Buurtbudget.Api.Tests.Infrastructure;

/// <summary>Gives the wijken the tests create rounds in money for this year when the app starts, as a municipality does
/// before its first round: creating a round reserves its budget from its wijk, and the rule is not weakened for tests.
/// Once per data directory (a restart finds the money there). <see cref="Unfunded"/> is a wijk that never gets any.</summary>
internal sealed class TestWijkBudgets(IGrainFactory grains, TimeProvider time) : IHostedService
{
    /// <summary>A demo wijk (Kralingen-Crooswijk) that the tests leave without money.</summary>
    public const string Unfunded = "WK059908";

    public static readonly string[] Funded = [Http.Delfshaven, Http.Noord, "WK036300"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var year = time.GetUtcNow().Year;
        try
        {
            foreach (var code in Funded)
            {
                var wijk = grains.GetWijkBudgetGrain(DistrictCode.Parse(code));
                if ((await wijk.GetViewAsync()).State.YearOf(year).Allocated == Money.Zero)
                {
                    await wijk.ExecuteAsync(new AllocateBudget(year, Money.Ceiling, "Testbudget voor de rondes van de tests", ParticipantKey.System));
                }
            }
        }
        catch (StorageUnavailableException)
        {
            // Tests of a store that is down at start create no rounds; the app must still start for them.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
