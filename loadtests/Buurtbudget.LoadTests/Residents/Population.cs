using System.Globalization;
using System.Text;
using Buurtbudget.Identity.Callers;
using Buurtbudget.LoadTesting.Voting;

namespace Buurtbudget.LoadTests.Residents;

/// <summary>The simulated residents of the wijk, each with a token of their own, and the staff who read the live
/// tally. Resident r is thread r % threads's resident r / threads in the scenario script, so the token files are
/// written as one slice per thread.</summary>
public sealed class Population
{
    private readonly string[] _tokens;

    private Population(string[] tokens, IReadOnlyList<string> staff)
    {
        _tokens = tokens;
        Staff = staff;
    }

    public int Count => _tokens.Length;

    public IReadOnlyList<string> Staff { get; }

    public static string Subject(int resident) => string.Create(CultureInfo.InvariantCulture, $"bewoner-{resident:D7}");

    /// <summary>The residents' tokens kept by an earlier run are used again for at most this long (they live 8 hours):
    /// signing 100,000 RS256 tokens takes minutes on two cores.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(6);

    /// <summary>Signs one token per resident on every core, or takes them from <paramref name="cacheFile"/> when an
    /// earlier run with the same signing key left at least as many there less than <see cref="CacheLifetime"/> ago.
    /// Signing is the most expensive part of the preparation, and done here it never competes with a run.</summary>
    public static Population LoadOrMint(BuurtbudgetClient client, int residents, string cacheFile, CancellationToken cancellationToken)
    {
        var population = LoadOrMintTokens(client, residents, cacheFile, cancellationToken);
        for (var r = 0; r < population._tokens.Length; r++)
        {
            client.Remember(Role.Resident, Subject(r), population._tokens[r]);
        }

        return population;
    }

    private static Population LoadOrMintTokens(BuurtbudgetClient client, int residents, string cacheFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        string[] staff =
        [
            .. Enumerable.Range(1, 4).Select(k => client.TokenFor(Role.Coordinator, $"wijkcoordinator-{k}")),
            .. Enumerable.Range(1, 2).Select(k => client.TokenFor(Role.Auditor, $"controleur-{k}")),
        ];
        if (File.Exists(cacheFile) && DateTime.UtcNow - File.GetLastWriteTimeUtc(cacheFile) < CacheLifetime)
        {
            var cached = File.ReadLines(cacheFile).Take(residents).ToArray();
            if (cached.Length == residents)
            {
                return new Population(cached, staff);
            }
        }

        var tokens = new string[residents];
        Parallel.For(0, residents, new ParallelOptions { CancellationToken = cancellationToken }, r =>
            tokens[r] = client.TokenFor(Role.Resident, Subject(r)));
        File.WriteAllLines(cacheFile, tokens, Encoding.ASCII);
        return new Population(tokens, staff);
    }

    /// <summary>Writes tokens/&lt;thread&gt;.txt and staff.txt under <paramref name="directory"/>.</summary>
    public void WriteTokens(string directory, int threads)
    {
        var slices = Directory.CreateDirectory(Path.Combine(directory, "tokens")).FullName;
        for (var thread = 0; thread < threads; thread++)
        {
            using var writer = new StreamWriter(Path.Combine(slices, Text(thread) + ".txt"), append: false, Encoding.ASCII);
            for (var r = thread; r < _tokens.Length; r += threads)
            {
                writer.Write(_tokens[r]);
                writer.Write('\n');
            }
        }

        File.WriteAllText(Path.Combine(directory, "staff.txt"), string.Join('\n', Staff) + "\n", Encoding.ASCII);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
