using System.Collections.Immutable;
using System.Globalization;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Domain.Pabulib;

/// <summary>A Pabulib file as an <see cref="Election"/> for the outcome rules. Pabulib ids are text and the reference
/// breaks ties on that text; the domain's ids are numbers that the tie-break compares as text. So every project gets a
/// number of the same length, handed out in the text order of the original ids: comparing the numbers as text then
/// orders them exactly as the original ids, and every rule and tie-break gives the reference's answer.</summary>
public sealed class PabulibElection
{
    private readonly ImmutableDictionary<string, ProposalId> proposals;
    private readonly ImmutableDictionary<ProposalId, string> originals;

    private PabulibElection(Election election, ImmutableDictionary<string, ProposalId> proposals)
    {
        Election = election;
        this.proposals = proposals;
        originals = proposals.ToImmutableDictionary(p => p.Value, p => p.Key);
    }

    public Election Election { get; }

    /// <summary>The election of a file, or why it has none: ordinal ballots rank projects, and no rule here reads ranks.</summary>
    public static PabulibElection? From(PabulibFile file, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.VoteType == PabulibVoteType.Ordinal)
        {
            problem = "the file has ordinal ballots; the outcome rules need approval, choose-1 or cumulative ballots.";
            return null;
        }

        var first = (int)Math.Pow(10, file.Projects.Length.ToString(CultureInfo.InvariantCulture).Length);
        if ((long)first + file.Projects.Length > int.MaxValue)
        {
            problem = "the file lists more projects than a round can hold.";
            return null;
        }

        var numbers = file.Projects
            .Select(p => p.Id)
            .Order(StringComparer.Ordinal)
            .Select((id, rank) => (id, new ProposalId(first + rank)))
            .ToImmutableDictionary(p => p.id, p => p.Item2, StringComparer.Ordinal);
        var cumulative = file.VoteType == PabulibVoteType.Cumulative;
        var election = new Election(
            file.Budget,
            [.. file.Projects.Select(p => new ElectionProject(numbers[p.Id], p.Cost))],
            [.. file.Votes.Select(vote => vote.Projects
                .Select((id, i) => new BallotChoice(numbers[id], cumulative ? checked((int)vote.Points[i]) : 1))
                .ToImmutableArray())],
            cumulative ? SupportMeasure.Points : SupportMeasure.Votes);
        problem = null;
        return new PabulibElection(election, numbers);
    }

    public ProposalId ProposalOf(string projectId) => proposals[projectId];

    public string ProjectOf(ProposalId proposal) => originals[proposal];
}
