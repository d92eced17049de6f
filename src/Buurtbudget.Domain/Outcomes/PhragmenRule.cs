using System.Collections.Immutable;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>Sequential Phragmén for approval ballots (RULES.md, "phragmen"): every voter carries a load, starting at
/// 0; each step chooses the affordable project whose cost, spread over its supporters on top of their loads,
/// gives the smallest new load, and sets its supporters' loads to that. Stops at the first step it cannot take;
/// it never skips. Loads are exact fractions.
/// The candidates are the projects that fit the whole budget, not the money left, and the rule stops when the
/// best of them no longer fits what is left: that is what the reference library does (checked on all Pabulib
/// instances), and it differs from filtering by the money left, which would skip instead of stop.</summary>
internal static class PhragmenRule
{
    public static PhragmenRun Run(Election election, TieBreak tieBreak)
    {
        if (election.Measure != SupportMeasure.Votes)
        {
            throw new ArgumentException("Sequential Phragmén is defined for approval ballots only.", nameof(election));
        }

        var index = election.ProjectIndex();
        var count = election.Projects.Length;
        // A voter's load is the new load of the last project chosen that they support, so it is enough to remember
        // which project that was; voters with the same ballot are counted once with their number.
        var units = election.Ballots
            .Select(ballot => election.Choices(ballot, index).Select(c => c.Project).Order().ToArray())
            .GroupBy(projects => string.Join(',', projects), StringComparer.Ordinal)
            .Select(group => (Projects: group.First(), Voters: (long)group.Count()))
            .ToArray();
        var supporters = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var voters = new long[count];
        for (var unit = 0; unit < units.Length; unit++)
        {
            foreach (var project in units[unit].Projects)
            {
                supporters[project].Add(unit);
                voters[project] += units[unit].Voters;
            }
        }

        var loadOf = new int[units.Length];
        Array.Fill(loadOf, -1);
        var loads = new List<Fraction>();
        var chosen = new List<PhragmenStep>();
        var isChosen = new bool[count];
        var left = election.Budget;
        var weights = new long[count];
        while (true)
        {
            Fraction? best = null;
            var bestProject = -1;
            for (var project = 0; project < count; project++)
            {
                if (isChosen[project] || voters[project] == 0 || election.Projects[project].Cost > election.Budget)
                {
                    continue;
                }

                var load = NewLoad(supporters[project], units, loadOf, loads, weights, election.Projects[project].Cost, voters[project]);
                var order = best is null ? -1 : load.CompareTo(best.Value);
                if (order < 0 || (order == 0 && Prefer(election, voters, project, bestProject, tieBreak)))
                {
                    best = load;
                    bestProject = project;
                }
            }

            if (best is null || election.Projects[bestProject].Cost > left)
            {
                break;
            }

            chosen.Add(new PhragmenStep(bestProject, chosen.Count + 1, best.Value, left));
            isChosen[bestProject] = true;
            left -= election.Projects[bestProject].Cost;
            loads.Add(best.Value);
            foreach (var unit in supporters[bestProject])
            {
                loadOf[unit] = loads.Count - 1;
            }
        }

        return new PhragmenRun([.. chosen], isChosen, left, voters);
    }

    /// <summary>(Σ supporters' loads + cost) / supporters, with the loads summed per distinct load value.</summary>
    private static Fraction NewLoad(List<int> supporters, (int[] Projects, long Voters)[] units, int[] loadOf, List<Fraction> loads, long[] weights, Money cost, long voters)
    {
        Array.Clear(weights, 0, loads.Count);
        foreach (var unit in supporters)
        {
            if (loadOf[unit] >= 0)
            {
                weights[loadOf[unit]] += units[unit].Voters;
            }
        }

        var total = Fraction.Of(cost.Cents);
        for (var i = 0; i < loads.Count; i++)
        {
            if (weights[i] > 0)
            {
                total += loads[i] * weights[i];
            }
        }

        return total / voters;
    }

    private static bool Prefer(Election election, long[] voters, int first, int second, TieBreak tieBreak) =>
        TieBreaking.Compare(
            election.Projects[first].Proposal, election.Projects[first].Cost, voters[first],
            election.Projects[second].Proposal, election.Projects[second].Cost, voters[second], tieBreak) < 0;
}

internal sealed record PhragmenStep(int Project, int Step, Fraction Load, Money RemainingBefore);

internal sealed record PhragmenRun(ImmutableArray<PhragmenStep> Steps, bool[] Chosen, Money Remaining, long[] Voters);
