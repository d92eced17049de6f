using System.Runtime;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Benchmarks;

/// <summary>What a ballot costs the garbage collector in a round's state: the bytes applying it allocates, and the
/// bytes the next gen0 collection finds alive and must copy. The voting path's collector pauses follow the second
/// figure (loadtests/README.md, "what sets the p99"). Counted by the runtime, not timed, so the figures do not drift
/// with the machine's load.</summary>
/// <remarks>Measured in windows of new first ballots (and then replacements) applied to a round that already holds
/// <c>--ballots</c>, each window's events made just before it, as requests make them, and dropped before the count so
/// that only what the state keeps survives. The same ballots are then put into the ballot index alone, a
/// <see cref="BallotBook"/> against an <see cref="ImmutableDictionary{TKey,TValue}"/> (what the state held before),
/// for a ratio of one run.</remarks>
internal static class BallotMemoryBenchmark
{
    private const int Windows = 5;
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.FromHours(1));

    public static int Run(string[] args)
    {
        var size = Arguments.Option(args, "--ballots") is { } b ? int.Parse(b, CultureInfo.InvariantCulture) : 100_000;
        var window = Arguments.Option(args, "--window") is { } w ? int.Parse(w, CultureInfo.InvariantCulture) : 2_000;
        if (GCSettings.IsServerGC || GCSettings.LatencyMode == GCLatencyMode.Interactive)
        {
            // Background collections would run beside the counts; the project asks for workstation, non-concurrent.
            Console.Error.WriteLine("Run with workstation, non-concurrent GC (as the project file sets).");
            return 2;
        }

        var options = Enumerable.Range(1, 12).Select(i => new BallotOption(new ProposalId(i), Money.FromEuros(5_000))).ToImmutableArray();
        var state = new RoundState
        {
            Id = RoundId.New(),
            District = new District(DistrictCode.Parse("WK059901"), "Stadsdriehoek", "Rotterdam"),
            Phase = RoundPhase.Voting,
            BallotOptions = options,
            Tally = Tally.Opened(options),
        };
        for (var i = 0; i < size; i++)
        {
            state = state.Apply(FirstBallot(i));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"A round with {size:N0} ballots; {Windows} windows of {window:N0} ballots each; per ballot, median of the windows:"));
        var first = Measure(window, i => FirstBallot(size + i), ref state);
        Print("first ballot, applied to the round's state", first);
        var voters = state.Ballots.Keys.Take(Windows * window).ToArray();
        var replacement = Measure(window, i => new BallotReplaced(voters[i], Choices(i + 1), At), ref state);
        Print("replaced ballot, applied to the round's state", replacement);

        var ballots = state.Ballots.Values.ToArray();
        var book = BallotBook.From(ballots);
        var dictionary = ballots.ToImmutableDictionary(ballot => ballot.Voter);
        var inBook = Measure(window, NewBallot, ballot => book = book.Add(ballot));
        var inDictionary = Measure(window, NewBallot, ballot => dictionary = dictionary.Add(ballot.Voter, ballot));
        Print("first ballot, ballot index only: BallotBook", inBook);
        Print("first ballot, ballot index only: ImmutableDictionary", inDictionary);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ballot index, BallotBook against ImmutableDictionary: allocated {inBook.Allocated / inDictionary.Allocated:0.00}, kept at gen0 {inBook.Kept / inDictionary.Kept:0.00} (the ballot's own objects included in both)"));
        GC.KeepAlive(book);
        GC.KeepAlive(dictionary);
        return 0;
    }

    private static (double Allocated, double Kept) Measure(int window, Func<int, RoundEvent> make, ref RoundState state)
    {
        var current = state;
        var result = Measure(window, make, roundEvent => current = current.Apply(roundEvent));
        state = current;
        return result;
    }

    /// <summary>Median over the windows of bytes allocated by <paramref name="apply"/>, and bytes alive at the gen0
    /// collection right after it, per item.</summary>
    private static (double Allocated, double Kept) Measure<T>(int window, Func<int, T> make, Action<T> apply)
    {
        var allocated = new List<double>();
        var kept = new List<double>();
        for (var w = 0; w < Windows; w++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var items = new T[window];
            for (var i = 0; i < window; i++)
            {
                items[i] = make((w * window) + i);
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            foreach (var item in items)
            {
                apply(item);
            }

            allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / (double)window);
            Array.Clear(items);
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            kept.Add(GC.GetGCMemoryInfo(GCKind.Ephemeral).PromotedBytes / (double)window);
        }

        return (Median(allocated), Median(kept));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static void Print(string what, (double Allocated, double Kept) figures) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-56} allocated {figures.Allocated,7:0} B, kept at gen0 {figures.Kept,6:0} B"));

    private static BallotCast FirstBallot(int number) => new(NewVoter(), Choices(number), At);

    private static Ballot NewBallot(int number) => new(NewVoter(), Choices(number), At, 1, number);

    /// <summary>A voter as the platform stores them: a keyed hash in base64, 44 characters.</summary>
    private static ParticipantKey NewVoter() => new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    private static ImmutableArray<BallotChoice> Choices(int number) =>
        [new BallotChoice(new ProposalId(1 + (number % 12))), new BallotChoice(new ProposalId(1 + ((number + 5) % 12)))];
}
