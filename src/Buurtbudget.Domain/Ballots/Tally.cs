using System.Collections.Immutable;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Ballots;

/// <summary>The running count: turnout (including blank ballots) and the support per proposal on the ballot.
/// Kept up to date by every ballot event, so reading it costs nothing. Once voting has opened,
/// <see cref="Support"/> holds every proposal on the ballot, also those nobody chose yet.</summary>
public sealed record Tally(long Turnout, long BlankBallots, ImmutableSortedDictionary<ProposalId, ProposalSupport> Support)
{
    public static Tally Empty { get; } = new(0, 0, ImmutableSortedDictionary<ProposalId, ProposalSupport>.Empty);

    public ProposalSupport For(ProposalId proposal) =>
        Support.TryGetValue(proposal, out var support) ? support : ProposalSupport.None;

    /// <summary>The tally when voting opens: every proposal on the ballot, no support yet.</summary>
    public static Tally Opened(IEnumerable<BallotOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var support = ImmutableSortedDictionary.CreateBuilder<ProposalId, ProposalSupport>();
        foreach (var option in options)
        {
            support.Add(option.Proposal, ProposalSupport.None);
        }

        return new Tally(0, 0, support.ToImmutable());
    }

    /// <summary>Counts <paramref name="ballots"/> from scratch, as an auditor's recount does. Independent of the
    /// running tally, so comparing the two checks the incremental bookkeeping.</summary>
    public static Tally Recount(IEnumerable<BallotOption> options, IEnumerable<Ballot> ballots)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ballots);
        var voters = new Dictionary<ProposalId, long>();
        var points = new Dictionary<ProposalId, long>();
        foreach (var option in options)
        {
            voters[option.Proposal] = 0;
            points[option.Proposal] = 0;
        }

        long turnout = 0;
        long blank = 0;
        foreach (var ballot in ballots)
        {
            turnout++;
            if (ballot.IsBlank)
            {
                blank++;
            }

            foreach (var choice in ballot.Choices)
            {
                if (!voters.TryGetValue(choice.Proposal, out var count))
                {
                    throw new InvalidOperationException($"A ballot of {ballot.Voter} names proposal {choice.Proposal}, which is not on the ballot.");
                }

                voters[choice.Proposal] = count + 1;
                points[choice.Proposal] += choice.Points;
            }
        }

        var support = ImmutableSortedDictionary.CreateBuilder<ProposalId, ProposalSupport>();
        foreach (var (proposal, count) in voters)
        {
            support.Add(proposal, new ProposalSupport(count, points[proposal]));
        }

        return new Tally(turnout, blank, support.ToImmutable());
    }

    /// <summary>Counts one more ballot. O(choices · log proposals): the cost of a vote does not grow with turnout.</summary>
    internal Tally Add(Ballot ballot) => Count(ballot, +1);

    /// <summary>Takes back a ballot that a replacement supersedes.</summary>
    internal Tally Remove(Ballot ballot) => Count(ballot, -1);

    private Tally Count(Ballot ballot, int sign)
    {
        var support = Support;
        foreach (var choice in ballot.Choices)
        {
            if (!support.TryGetValue(choice.Proposal, out var current))
            {
                throw new InvalidOperationException($"A ballot names proposal {choice.Proposal}, which is not on the ballot: the event log is inconsistent.");
            }

            support = support.SetItem(choice.Proposal, new ProposalSupport(current.Voters + sign, current.Points + (sign * (long)choice.Points)));
        }

        return new Tally(Turnout + sign, BlankBallots + (ballot.IsBlank ? sign : 0), support);
    }

    // Two tallies are equal when they count the same: the recount check depends on this, and the
    // compiler's record equality would compare the dictionaries by reference.
    public bool Equals(Tally? other)
    {
        if (other is null || Turnout != other.Turnout || BlankBallots != other.BlankBallots || Support.Count != other.Support.Count)
        {
            return false;
        }

        // Both dictionaries are sorted by proposal id, so walking them side by side compares entry by entry.
        using var theirs = other.Support.GetEnumerator();
        foreach (var (proposal, support) in Support)
        {
            if (!theirs.MoveNext() || theirs.Current.Key != proposal || theirs.Current.Value != support)
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode() => HashCode.Combine(Turnout, BlankBallots, Support.Count);
}
