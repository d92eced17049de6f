using System.Net;
using System.Net.Http.Json;
using Buurtbudget.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Buurtbudget.Api.Tests.RateLimits;

/// <summary>Guessers must not be able to shut real code voters out: a flood of wrong codes from many addresses
/// costs the guessers their own permits and nobody else's.</summary>
public sealed class CodeFloodTests(ITestOutputHelper output) : IDisposable
{
    private const int Guessers = 200;
    private const int GuessesEach = 50;
    private const int Voters = 10;

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_code_voter_gets_through_while_ten_thousand_guesses_a_minute_arrive_from_two_hundred_addresses()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);
        var batch = await (await app.Coordinator(Http.Delfshaven).Post($"/api/rounds/{round}/voting-codes", new { count = Voters })).Json(HttpStatusCode.OK);
        var codes = batch["codes"]!.AsArray().Select(code => (string)code!).ToList();
        var guessers = Enumerable.Range(0, Guessers).Select(i => BuurtbudgetApp.From(app.Anonymous(), $"198.51.{100 + (i / 250)}.{1 + (i % 250)}")).ToList();

        // 10,000 guesses, well inside one minute (the whole test takes seconds), in waves; between waves a resident
        // with a real code, from an address of their own, casts their ballot.
        var refusedGuesses = 0;
        var checkedGuesses = 0;
        var votersThrough = 0;
        var flood = System.Diagnostics.Stopwatch.StartNew();
        for (var wave = 0; wave < GuessesEach; wave++)
        {
            var answers = await Task.WhenAll(guessers.Select((guesser, i) =>
                guesser.PutAsJsonAsync($"/api/rounds/{round}/ballot/by-code", new { code = Guess(wave, i), choices = new[] { new { proposalId = 1 } } })));
            refusedGuesses += answers.Count(answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
            checkedGuesses += answers.Count(answer => answer.StatusCode == HttpStatusCode.UnprocessableEntity);
            if (wave % (GuessesEach / Voters) == GuessesEach / Voters - 1)
            {
                var voter = wave / (GuessesEach / Voters);
                var cast = await BuurtbudgetApp.From(app.Anonymous(), $"203.0.113.{1 + voter}")
                    .PutAsJsonAsync($"/api/rounds/{round}/ballot/by-code", new { code = codes[voter], choices = new[] { new { proposalId = 1 } } });
                votersThrough += cast.StatusCode == HttpStatusCode.OK ? 1 : 0;
            }
        }

        flood.Stop();
        output.WriteLine($"{votersThrough} of {Voters} code voters got through; of {Guessers * GuessesEach} guesses {checkedGuesses} were checked and {refusedGuesses} refused, in {flood.Elapsed.TotalSeconds:0.0} s.");
        Assert.Equal(Voters, votersThrough);

        // Each guessing address got its own ten attempts checked, and beyond them only what its bucket refilled while
        // the flood lasted: .NET's token bucket refills continuously, ten a minute, so one every six seconds. The flood
        // takes seconds; on a busy machine it takes long enough for an address's eleventh guess (seen once: 2,200).
        var refilled = (int)Math.Ceiling(flood.Elapsed / TimeSpan.FromMinutes(1) * 10);
        Assert.InRange(checkedGuesses, Guessers * 10, Guessers * (10 + refilled));
        Assert.Equal(Guessers * GuessesEach, checkedGuesses + refusedGuesses);
    }

    /// <summary>A code of the right form that the round never issued (its symbols avoid those of issued codes by chance only).</summary>
    private static string Guess(int wave, int guesser) =>
        $"KX7F-9QPM-{"23456789ABCDEFGH"[wave % 16]}{"23456789ABCDEFGH"[wave / 16]}RW-{"23456789AB"[guesser % 10]}{"23456789AB"[guesser / 10 % 10]}{"2345"[guesser / 100 % 4]}C";
}
