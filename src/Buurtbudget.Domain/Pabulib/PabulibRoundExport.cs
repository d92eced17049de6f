using System.Collections.Immutable;
using System.Globalization;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Pabulib;

/// <summary>A tallied round as a Pabulib file, so that anyone can recompute its result with other tools (pabutools,
/// equalshares.net). Projects are the proposals that were on the ballot, at their approved cost, with their support and
/// whether they won. Voters are numbered 1..n in the order of their keyed hashes: that order is unrelated to who they
/// are and to when they voted, so the file says nothing about a person and cannot be lined up with the event log.</summary>
public static class PabulibRoundExport
{
    public static PabulibFile From(RoundState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Outcome is not { } outcome || state.Rules is not { } rules || state.District is not { } district)
        {
            throw new InvalidOperationException($"Round {state.Id} has no result yet; only a tallied round can be exported.");
        }

        var cumulative = rules.Method is CumulativePoints;
        var onBallot = state.Proposals.Values.Where(p => p.IsOnBallot).ToList();
        var won = outcome.Results.Where(r => r.Won).Select(r => r.Proposal).ToHashSet();
        var ballots = state.Ballots.Values
            .Where(b => !b.IsBlank)
            .OrderBy(b => b.Voter.Value, StringComparer.Ordinal)
            .ToList();

        var meta = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        void Meta(string key, string value) => meta.Add(new(key, value));
        Meta("description", state.Title);
        Meta("country", "Netherlands");
        Meta("unit", district.MunicipalityName);
        Meta("district", district.Name);
        Meta("subunit", district.Code.ToString());
        Meta("instance", state.Id.ToString());
        Meta("num_projects", Number(onBallot.Count));
        Meta("num_votes", Number(ballots.Count));
        Meta("budget", PabulibWriter.Amount(rules.Budget));
        Meta("vote_type", cumulative ? "cumulative" : "approval");
        Meta("rule", OutcomeRuleNames.Name(outcome.Rule));
        Meta("tie_break", OutcomeRuleNames.Name(outcome.TieBreak));
        if (state.VotingOpenedAt is { } opened)
        {
            Meta("date_begin", opened.UtcDateTime.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
        }

        if (state.VotingClosedAt is { } closed)
        {
            Meta("date_end", closed.UtcDateTime.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
        }

        switch (rules.Method)
        {
            case ApprovalAtMostK k:
                Meta("max_length", Number(k.K));
                break;
            case ApprovalWithinBudget within:
                Meta("min_length", Number(within.MinCount ?? 1));
                if (within.MaxCount is { } max)
                {
                    Meta("max_length", Number(max));
                }

                Meta("max_sum_cost", PabulibWriter.Amount(rules.Budget));
                break;
            case CumulativePoints points:
                Meta("max_sum_points", Number(points.Points));
                if (points.MaxPerProposal is { } cap)
                {
                    Meta("max_points", Number(cap));
                }

                break;
        }

        if (rules.MinimumSupport > 1)
        {
            Meta("min_support", Number(rules.MinimumSupport));
        }

        // Per channel (issue 17), where the round had more ways to vote than signing in: how many ballots each brought that
        // count (with blank ones, so they add up to the turnout) and how many a later ballot through another channel
        // replaced. A round with sign-in ballots only exports what it did before channels were counted.
        if (state.Channels.Channels.Any(count => count.Channel != BallotChannel.SignIn))
        {
            foreach (var count in state.Channels.Channels)
            {
                var name = count.Channel switch
                {
                    BallotChannel.SignIn => "sign_in",
                    BallotChannel.LetterCode => "letter_code",
                    BallotChannel.Paper => "paper",
                    _ => throw new InvalidOperationException($"Channel {count.Channel} has no name in the Pabulib export."),
                };
                Meta($"counted_{name}", Number(count.Counted));
                Meta($"replaced_by_other_channel_{name}", Number(count.ReplacedByOtherChannel));
            }
        }

        Meta("language", "nl");
        Meta("currency", "EUR");
        Meta("comment", "Buurtbudget; voter ids are numbers, not people.");

        var projects = onBallot.Select(p =>
        {
            var support = state.Tally.For(p.Id);
            var fields = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            fields["votes"] = Number(support.Voters);
            if (cumulative)
            {
                fields["score"] = Number(support.Points);
            }

            fields["name"] = p.Content.Title;
            fields["category"] = CategoryName(p.Content.Category);
            fields["selected"] = won.Contains(p.Id) ? "1" : "0";
            return new PabulibProject(p.Id.ToString(), p.ApprovedCost ?? p.Content.EstimatedCost, fields.ToImmutable());
        }).ToImmutableArray();

        var votes = ballots.Select((ballot, index) => new PabulibVote(
            Number(index + 1),
            [.. ballot.Choices.Select(c => c.Proposal.ToString())],
            cumulative ? [.. ballot.Choices.Select(c => (long)c.Points)] : [],
            ImmutableDictionary<string, string>.Empty)).ToImmutableArray();

        ImmutableArray<string> projectColumns = cumulative
            ? ["project_id", "cost", "votes", "score", "name", "category", "selected"]
            : ["project_id", "cost", "votes", "name", "category", "selected"];
        ImmutableArray<string> voteColumns = cumulative ? ["voter_id", "vote", "points"] : ["voter_id", "vote"];
        return new PabulibFile(
            meta.ToImmutable(),
            rules.Budget,
            cumulative ? PabulibVoteType.Cumulative : PabulibVoteType.Approval,
            projectColumns,
            projects,
            voteColumns,
            votes);
    }

    /// <summary>The categories in the English words Pabulib files mostly use.</summary>
    public static string CategoryName(ProposalCategory category) => category switch
    {
        ProposalCategory.TrafficSafety => "traffic safety",
        ProposalCategory.Greenery => "greenery",
        ProposalCategory.Lighting => "lighting",
        ProposalCategory.Safety => "safety",
        ProposalCategory.Cleanliness => "cleanliness",
        ProposalCategory.Meeting => "meeting",
        ProposalCategory.Youth => "youth",
        ProposalCategory.PlayAndSport => "play and sport",
        ProposalCategory.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown category."),
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
