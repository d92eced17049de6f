using System.Diagnostics;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Summaries;
using Buurtbudget.StorageBench.Rounds;
using Buurtbudget.StorageBench.Stores;

namespace Buurtbudget.StorageBench.Measurements;

/// <summary>Listing many stored rounds as the API lists them (GET /api/rounds, the city open data): from the round
/// summaries the grains keep on commit, in a restarted node where no round is active, counting the round activations
/// the listing caused; and, for comparison, as the API listed them before, by asking every round's grain.</summary>
internal static class RoundListing
{
    private static readonly ParticipantKey Admin = new("bench-admin");

    public sealed record Result(int Rounds, TimeSpan ListAll, TimeSpan ListAllMax, TimeSpan ListOneWijk, int Listed, int ActivationsByListing, TimeSpan ByActivatingEveryRound);

    public static async Task<Result> MeasureAsync(BenchStore store, int rounds, int repeats)
    {
        await using (var silo = await BenchSilo.StartAsync(store.Store))
        {
            // Rounds in 20 wijken, created the way an admin creates them; 32 at a time.
            await Parallel.ForEachAsync(Enumerable.Range(0, rounds), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (n, _) =>
            {
                var grain = silo.Grains.GetRoundGrain(RoundId.New());
                var district = new District(Wijk(n), $"Wijk {n % 20}", "Rotterdam");
                await BenchRound.CommitAsync(grain, new CreateRound(Admin, grain.RoundId(), district, $"Ronde {n}", new RoundRules(Money.FromEuros(50_000), new ApprovalAtMostK(3))));
            });
        }

        // A restarted node: no round is active.
        await using var restarted = await BenchSilo.StartAsync(store.Store);
        var summaries = (IRoundSummaries)store.Store;
        var before = await restarted.RoundActivationsAsync();

        // One untimed listing warms the code paths and the file cache; the figure is the median of the rest.
        var listed = (await ListAsync(summaries, district: null)).Count;
        var all = new List<TimeSpan>(repeats);
        var oneWijk = new List<TimeSpan>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            all.Add(await TimeAsync(() => ListAsync(summaries, district: null)));
            oneWijk.Add(await TimeAsync(() => ListAsync(summaries, Wijk(i))));
        }

        var activations = await restarted.RoundActivationsAsync() - before;

        // What the list cost before the read model: a grain call (so an activation and a load) for every round.
        var byActivation = await TimeAsync(async () =>
        {
            var ids = await store.Store.ListRoundsAsync();
            var states = new List<RoundOverview>(ids.Count);
            foreach (var id in ids)
            {
                states.Add((await restarted.Grains.GetRoundGrain(id).GetViewAsync()).Round);
            }

            return states;
        });

        return new Result(rounds, Median(all), all.Max(), Median(oneWijk), listed, activations, byActivation);
    }

    /// <summary>The read model as the API reads it: the stored rows, and every summary decoded.</summary>
    private static async Task<List<RoundSummary>> ListAsync(IRoundSummaries summaries, DistrictCode? district) =>
        [.. (await summaries.ListSummariesAsync(district)).Select(RoundSummary.FromStored)];

    private static DistrictCode Wijk(int n) => DistrictCode.Parse($"WK0599{n % 20:00}");

    private static async Task<TimeSpan> TimeAsync<T>(Func<Task<T>> list)
    {
        var watch = Stopwatch.StartNew();
        await list();
        return watch.Elapsed;
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);
}
