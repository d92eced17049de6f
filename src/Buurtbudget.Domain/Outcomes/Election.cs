using System.Collections.Immutable;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Outcomes;

/// <summary>Everything an outcome rule reads: the budget, the proposals on the ballot with their costs, and every
/// ballot (blank ones included: they count in the share each voter gets under Equal Shares).</summary>
/// <param name="Measure">Votes: approval ballots, a proposal's utility to an approver is its cost. Points: cumulative
/// ballots, the utility is the points given.</param>
/// <param name="Ballots">Each ballot's choices; for approval ballots the points are ignored and a proposal listed twice
/// counts once.</param>
public sealed record Election(
    Money Budget,
    ImmutableArray<ElectionProject> Projects,
    ImmutableArray<ImmutableArray<BallotChoice>> Ballots,
    SupportMeasure Measure)
{
    /// <summary>Support per proposal as the rules count it: approvals (or points) and the number of voters.</summary>
    public ImmutableArray<OutcomeCandidate> Candidates()
    {
        var index = ProjectIndex();
        var voters = new long[Projects.Length];
        var points = new long[Projects.Length];
        foreach (var ballot in Ballots)
        {
            foreach (var (project, given) in Choices(ballot, index))
            {
                voters[project]++;
                points[project] += given;
            }
        }

        return [.. Projects.Select((p, i) => new OutcomeCandidate(p.Proposal, p.Cost, Measure == SupportMeasure.Points ? points[i] : voters[i], voters[i]))];
    }

    /// <summary>Position of each proposal in <see cref="Projects"/>; checks that each appears once with a cost of at least 0.</summary>
    internal Dictionary<ProposalId, int> ProjectIndex()
    {
        var index = new Dictionary<ProposalId, int>(Projects.Length);
        for (var i = 0; i < Projects.Length; i++)
        {
            if (!index.TryAdd(Projects[i].Proposal, i))
            {
                throw new InvalidOperationException($"Proposal {Projects[i].Proposal} appears more than once in the election.");
            }

            if (Projects[i].Cost.IsNegative)
            {
                throw new InvalidOperationException($"Proposal {Projects[i].Proposal} has a negative cost.");
            }
        }

        return index;
    }

    /// <summary>A ballot's (project index, points): approvals give each distinct project 1 point; cumulative
    /// ballots give what they say (a project named twice gets the sum).</summary>
    internal IEnumerable<(int Project, long Points)> Choices(ImmutableArray<BallotChoice> ballot, Dictionary<ProposalId, int> index)
    {
        if (Measure == SupportMeasure.Votes)
        {
            return ballot.Select(c => Lookup(c.Proposal, index)).Distinct().Select(p => (p, 1L));
        }

        return ballot
            .GroupBy(c => Lookup(c.Proposal, index))
            .Select(g => (g.Key, g.Sum(c => (long)c.Points)))
            .Where(c => c.Item2 > 0);
    }

    private static int Lookup(ProposalId proposal, Dictionary<ProposalId, int> index) =>
        index.TryGetValue(proposal, out var i) ? i : throw new ArgumentException($"A ballot names proposal {proposal}, which is not in the election.", nameof(proposal));
}

public sealed record ElectionProject(ProposalId Proposal, Money Cost);
