using System.Globalization;
using Buurtbudget.StorageBench.Measurements;
using Buurtbudget.StorageBench.Stores;

namespace Buurtbudget.StorageBench;

/// <param name="Postgres">A PostgreSQL connection string; without it only SQLite is measured.</param>
/// <param name="Seconds">How long each throughput figure is measured, after a warm-up of a fifth of it.</param>
/// <param name="Voters">Residents voting at once, each waiting for its answer before the next vote.</param>
/// <param name="SnapshotEvery">The grains' SnapshotEvery during the throughput figures (default: the grains' own
/// default, as production runs). A snapshot encodes the whole round, so its cost grows with the round.</param>
/// <param name="ListedRounds">Rounds stored before the rounds list is measured.</param>
/// <param name="Only">One figure to measure (voting, spread, activation or listing); null for all.</param>
/// <param name="HotRounds">Rounds the voters are spread over in the "spread" figure.</param>
/// <param name="SpreadPairs">Pairs (one hot round, then spread) measured for the "spread" figure; the median is printed.</param>
internal sealed record BenchSettings(string? Postgres, int Seconds, int Voters, int ActivationBallots, int SnapshotEvery, int ListedRounds = 2_000, string? Only = null, int HotRounds = 50, int SpreadPairs = 3)
{
    private static readonly string[] Figures = ["voting", "spread", "activation", "listing"];

    public bool Measures(string figure) => Only is null || string.Equals(Only, figure, StringComparison.Ordinal);

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings(null, 5, 256, 100_000, new Actors.Rounds.RoundGrainOptions().SnapshotEvery);
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--postgres" => settings with { Postgres = value },
                "--seconds" => settings with { Seconds = Positive(args[i], value) },
                "--voters" => settings with { Voters = Positive(args[i], value) },
                "--activation-ballots" => settings with { ActivationBallots = Positive(args[i], value) },
                "--snapshot-every" => settings with { SnapshotEvery = Positive(args[i], value) },
                "--listed-rounds" => settings with { ListedRounds = Positive(args[i], value) },
                "--hot-rounds" => settings with { HotRounds = Positive(args[i], value) },
                "--spread-pairs" => settings with { SpreadPairs = Positive(args[i], value) },
                "--only" => settings with { Only = Figures.Contains(value, StringComparer.Ordinal) ? value : throw new FormatException($"--only takes one of {string.Join(", ", Figures)}, not '{value}'.") },
                _ => throw new FormatException($"Unknown option '{args[i]}'."),
            };
        }

        return settings;
    }

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"{name} takes a positive whole number, not '{text}'.");
}

/// <summary>The measurements, in one process and one run, so that the ratios compare like with like.</summary>
internal static class Bench
{
    private const int GroupCommitBatch = 2_000;

    public static async Task RunAsync(BenchSettings settings, TextWriter output)
    {
        var measured = TimeSpan.FromSeconds(settings.Seconds);
        var warmUp = measured / 5;
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"storage bench: {Environment.ProcessorCount} cores, load average {LoadAverage()}, {settings.Voters} voters, {settings.Seconds} s per figure, snapshot every {settings.SnapshotEvery} events"));

        var stores = new List<Func<Task<BenchStore>>> { () => Task.FromResult(BenchStore.Sqlite()) };
        if (settings.Postgres is { } connection)
        {
            stores.Add(() => BenchStore.PostgresAsync(connection));
        }

        foreach (var open in settings.Measures("voting") ? stores : [])
        {
            string name;
            VotingRate grouped;
            double single;
            await using (var store = await open())
            {
                name = store.Name;
                grouped = await VotingThroughput.MeasureAsync(store, GroupCommitBatch, settings.SnapshotEvery, settings.Voters, warmUp, measured);
            }

            await using (var store = await open())
            {
                single = (await VotingThroughput.MeasureAsync(store, 1, settings.SnapshotEvery, settings.Voters, warmUp, measured)).VotesPerSecond;
            }

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-10} votes/s  group commit (MaxBatchSize {GroupCommitBatch}): {grouped.VotesPerSecond,8:0}   one commit per vote (MaxBatchSize 1): {single,7:0}   ratio {grouped.VotesPerSecond / single:0.0}x   per vote (group commit): {grouped.BytesPerVote / 1024:0.0} KiB allocated, {grouped.CpuPerVote:0} µs CPU"));
        }

        await SpreadAsync(settings, stores, warmUp, measured, output);

        foreach (var open in settings.Measures("activation") ? stores : [])
        {
            await using var store = await open();
            var result = await ActivationTime.MeasureAsync(store, settings.ActivationBallots, settings.Voters, repeats: 5);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{store.Name,-10} activation of a round with {result.Ballots:N0} ballots ({result.Events:N0} events): from events {result.FromEvents.TotalMilliseconds:0} ms, " +
                $"from a snapshot ({result.SnapshotBytes / 1024.0 / 1024.0:0.0} MiB) {result.FromSnapshot.TotalMilliseconds:0} ms, ratio {result.FromEvents / result.FromSnapshot:0.0}x"));
        }

        await ListRoundsAsync(settings, stores, output);
    }

    /// <summary>First ballots from the same voters, all in one hot round and then spread over many hot rounds, with
    /// group commit: what a city-wide voting day asks of one store. Per-round batching alone gives each round only
    /// its share of the voters, so without commits shared across rounds the spread figure falls to the disk's
    /// sync rate; the ratio shows how much of the one-round rate survives the spread. Measured as
    /// <see cref="BenchSettings.SpreadPairs"/> pairs, one after the other, each on fresh stores; the median pair is
    /// printed, so that a burst of load on a shared machine moves one pair, not the figure.</summary>
    private static async Task SpreadAsync(BenchSettings settings, List<Func<Task<BenchStore>>> stores, TimeSpan warmUp, TimeSpan measured, TextWriter output)
    {
        foreach (var open in settings.Measures("spread") ? stores : [])
        {
            var name = "";
            var pairs = new List<(VotingRate One, VotingRate Spread)>();
            for (var pair = 0; pair < settings.SpreadPairs; pair++)
            {
                VotingRate one;
                await using (var store = await open())
                {
                    name = store.Name;
                    one = await VotingThroughput.MeasureAsync(store, GroupCommitBatch, settings.SnapshotEvery, settings.Voters, warmUp, measured, rounds: 1);
                }

                await using (var store = await open())
                {
                    pairs.Add((one, await VotingThroughput.MeasureAsync(store, GroupCommitBatch, settings.SnapshotEvery, settings.Voters, warmUp, measured, settings.HotRounds)));
                }
            }

            static double Ratio((VotingRate One, VotingRate Spread) pair) => pair.Spread.VotesPerSecond / pair.One.VotesPerSecond;
            var ordered = pairs.OrderBy(Ratio).ToList();
            var (medianOne, medianSpread) = ordered[ordered.Count / 2];
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-10} first ballots/s  spread over {settings.HotRounds} hot rounds: {medianSpread.VotesPerSecond,8:0}   one hot round: {medianOne.VotesPerSecond,8:0}   ratio {Ratio(ordered[ordered.Count / 2]):0.00} " +
                $"(median of {pairs.Count} pairs: {string.Join(", ", pairs.Select(p => Ratio(p).ToString("0.00", CultureInfo.InvariantCulture)))}; " +
                $"commits/s {medianSpread.CommitsPerSecond:0} spread, {medianOne.CommitsPerSecond:0} one; appends per commit {medianSpread.AppendsPerCommit:0.0} spread, {medianOne.AppendsPerCommit:0.0} one)"));
        }
    }

    private static async Task ListRoundsAsync(BenchSettings settings, List<Func<Task<BenchStore>>> stores, TextWriter output)
    {
        foreach (var open in settings.Measures("listing") ? stores : [])
        {
            await using var store = await open();
            var result = await RoundListing.MeasureAsync(store, settings.ListedRounds, repeats: 21);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{store.Name,-10} listing {result.Listed:N0} of {result.Rounds:N0} stored rounds from the read model in a restarted node: {result.ListAll.TotalMilliseconds:0.0} ms (median; max {result.ListAllMax.TotalMilliseconds:0.0} ms), " +
                $"one wijk {result.ListOneWijk.TotalMilliseconds:0.0} ms, round activations {result.ActivationsByListing}; by activating every round (before) {result.ByActivatingEveryRound.TotalMilliseconds:0} ms, " +
                $"ratio {result.ByActivatingEveryRound / result.ListAll:0}x"));
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
