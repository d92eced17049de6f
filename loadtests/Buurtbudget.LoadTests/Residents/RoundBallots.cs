using System.Globalization;
using System.Text;

namespace Buurtbudget.LoadTests.Residents;

/// <summary>What the residents of one round have voted for, as the load engine saw it acknowledged: per resident the
/// subset of their ballot (0: none). A ballot for subset s (1..7) chooses proposal s and proposal 8, so the tally
/// this predicts is exact: proposal s has as many voters as residents with subset s, proposal 8 every voter. After a
/// run in the shared shape, -s marks a resident whose first ballot for subset s was sent with the outcome unknown,
/// until <see cref="Checks.CountCheck"/> reads it back.</summary>
public sealed class RoundBallots(string round, int residents)
{
    public const int SharedProposal = 8;

    private readonly int[] _subsets = new int[residents];

    public string Round { get; } = round;

    /// <summary>Ballot events (cast or replaced) in the round's log when it was last checked.</summary>
    public long BallotEvents { get; set; }

    public int Turnout => _subsets.Count(s => s > 0);

    public int this[int resident]
    {
        get => _subsets[resident];
        set => _subsets[resident] = value;
    }

    /// <summary>Residents whose ballot was sent in the shared shape, not known to have landed, with the subset sent.</summary>
    public IEnumerable<(int Resident, int Subset)> Unresolved()
    {
        for (var r = 0; r < _subsets.Length; r++)
        {
            if (_subsets[r] < 0)
            {
                yield return (r, -_subsets[r]);
            }
        }
    }

    /// <summary>The voters per proposal (1..8) these ballots add up to.</summary>
    public IReadOnlyDictionary<int, long> ExpectedVoters()
    {
        var voters = Enumerable.Range(1, SharedProposal).ToDictionary(p => p, _ => 0L);
        foreach (var subset in _subsets.Where(s => s > 0))
        {
            voters[subset]++;
            voters[SharedProposal]++;
        }

        return voters;
    }

    /// <summary>Writes state/&lt;thread&gt;.txt under <paramref name="directory"/>, in the token slices' order.</summary>
    public void WriteSlices(string directory, int threads)
    {
        var slices = Directory.CreateDirectory(Path.Combine(directory, "state")).FullName;
        for (var thread = 0; thread < threads; thread++)
        {
            var text = new StringBuilder();
            for (var r = thread; r < _subsets.Length; r += threads)
            {
                text.Append(_subsets[r].ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            File.WriteAllText(Path.Combine(slices, thread.ToString(CultureInfo.InvariantCulture) + ".txt"), text.ToString(), Encoding.ASCII);
        }
    }

    /// <summary>Takes over the "resident subset" lines the scenario script wrote after a write run.</summary>
    public void Read(string stateFile)
    {
        foreach (var line in File.ReadLines(stateFile))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2)
            {
                _subsets[int.Parse(parts[0], CultureInfo.InvariantCulture)] = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }
    }
}
