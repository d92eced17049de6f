using System.Collections.Immutable;
using System.Globalization;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Pabulib;

/// <summary>One project of the file as a proposal of the round: submitted in <see cref="Number"/> order so that the
/// round hands out exactly that number, and found feasible at the file's cost.</summary>
/// <param name="ProjectId">The id in the file, kept so that the round's winners can be named in the file's terms.</param>
public sealed record PlannedProposal(ProposalId Number, string ProjectId, ProposalContent Content);

/// <summary>One ballot of the file, its projects renumbered; <see cref="VoterId"/> is the file's id, to be hashed.</summary>
public sealed record PlannedBallot(string VoterId, ImmutableArray<BallotChoice> Choices);

/// <summary>How a Pabulib file becomes a round that a person can open, read and recount: "what would Equal Shares
/// have chosen in our last round?". Pure: the caller sends the commands (create, propose, review, vote, close).
/// <para>The rules are the file's: approval ballots allow as many choices as the file's longest ballot (or its
/// <c>max_length</c>), cumulative ballots as many points as the file's largest total (or <c>max_sum_points</c>), and
/// every project on the ballot may win (minimum support 0), as in the reference library.</para>
/// <para>Numbers keep the file's tie-break: the lexicographic tie-break compares ids as text, so the k-th file id in
/// text order gets the k-th round number in text order (for 12 projects: "1", "10", "11", "12", "2", …). Comparing
/// the round's numbers as text then orders the projects exactly as comparing the file's ids does, and the round's
/// result is the reference's result for the file.</para></summary>
public sealed record PabulibRoundPlan(RoundRules Rules, ImmutableArray<PlannedProposal> Proposals, ImmutableArray<PlannedBallot> Ballots)
{
    /// <summary>The most projects a round holds: a ballot of thousands of projects is not a buurtbudget.</summary>
    public const int MaxProjects = 1000;

    public static PabulibRoundPlan? From(PabulibFile file, OutcomeRule rule, TieBreak tieBreak, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(file);
        problem = Check(file, rule);
        if (problem is not null)
        {
            return null;
        }

        var numbers = Renumber(file.Projects.Select(p => p.Id));
        var proposals = file.Projects
            .Select(p => new PlannedProposal(numbers[p.Id], p.Id, Content(p, file)))
            .OrderBy(p => p.Number)
            .ToImmutableArray();
        var cumulative = file.VoteType == PabulibVoteType.Cumulative;
        var ballots = file.Votes
            .Select(vote => new PlannedBallot(
                vote.VoterId,
                cumulative
                    ? [.. vote.Projects.Select((id, i) => new BallotChoice(numbers[id], checked((int)vote.Points[i])))]
                    : [.. Approved(vote).Select(id => new BallotChoice(numbers[id]))]))
            .ToImmutableArray();
        var rules = new RoundRules(file.Budget, Method(file), rule, tieBreak, MinimumSupport: 0, LiveTallyVisible: false);
        return new PabulibRoundPlan(rules, proposals, ballots);
    }

    /// <summary>The commands that set the round up, from creation to open voting, all sent by <paramref name="by"/>
    /// (the admin who imports): one proposal per project, submitted in number order and found feasible at its cost.</summary>
    public IEnumerable<RoundCommand> Opening(RoundId round, District district, string title, ParticipantKey by)
    {
        yield return new CreateRound(by, round, district, title, Rules);
        yield return new OpenSubmission(by);
        foreach (var proposal in Proposals)
        {
            yield return new SubmitProposal(by, proposal.Content);
        }

        yield return new StartReview(by);
        foreach (var proposal in Proposals)
        {
            yield return new MarkFeasible(by, proposal.Number, proposal.Content.EstimatedCost, null);
        }

        yield return new OpenVoting(by);
    }

    /// <summary>One ballot per voter of the file; <paramref name="voter"/> turns the file's voter id into a key.</summary>
    public IEnumerable<CastBallot> Votes(Func<string, ParticipantKey> voter)
    {
        ArgumentNullException.ThrowIfNull(voter);
        return Ballots.Select(ballot => new CastBallot(voter(ballot.VoterId), ballot.Choices));
    }

    /// <summary>Runs every command through the round's own decisions in memory and answers the first refusal, or
    /// null when the round would accept them all. An import rehearses first, so that a file the round would refuse
    /// halfway never leaves half a round behind.</summary>
    public DomainError? Rehearse(RoundId round, District district, string title, ParticipantKey by, Func<string, ParticipantKey> voter, DateTimeOffset now)
    {
        var state = RoundState.Initial(round);
        foreach (var command in Opening(round, district, title, by).Concat(Votes(voter)).Append<RoundCommand>(new CloseVoting(by)))
        {
            var decision = BudgetRound.Decide(state, command, now);
            if (!decision.IsAccepted)
            {
                return decision.Error;
            }

            foreach (var roundEvent in decision.Events)
            {
                state = state.Apply(roundEvent);
            }
        }

        return null;
    }

    /// <summary>Round numbers 1..n for the ids, such that the numbers' texts sort as the ids' texts do.</summary>
    public static ImmutableDictionary<string, ProposalId> Renumber(IEnumerable<string> projectIds)
    {
        var ids = projectIds.Order(StringComparer.Ordinal).ToList();
        var numbers = Enumerable.Range(1, ids.Count)
            .Select(n => n.ToString(CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal)
            .Select(text => new ProposalId(int.Parse(text, CultureInfo.InvariantCulture)));
        return ids.Zip(numbers).ToImmutableDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
    }

    private static string? Check(PabulibFile file, OutcomeRule rule)
    {
        if (file.VoteType == PabulibVoteType.Ordinal)
        {
            return "the file has ordinal ballots; a round holds approval, choose-1 or cumulative ballots.";
        }

        if (file.Projects.IsEmpty)
        {
            return "the file lists no projects.";
        }

        if (file.Projects.Length > MaxProjects)
        {
            return $"the file lists {file.Projects.Length} projects; a round holds at most {MaxProjects}.";
        }

        if (!file.Budget.IsPositive || file.Budget > Money.Ceiling)
        {
            return $"the budget {PabulibWriter.Amount(file.Budget)} is not one a round can have (more than 0, at most {PabulibWriter.Amount(Money.Ceiling)}).";
        }

        var cumulative = file.VoteType == PabulibVoteType.Cumulative;
        if (!OutcomeRules.Suits(rule, cumulative ? SupportMeasure.Points : SupportMeasure.Votes))
        {
            return $"the rule {OutcomeRuleNames.Name(rule)} does not suit the file's {(cumulative ? "cumulative" : "approval")} ballots.";
        }

        if (file.Projects.FirstOrDefault(p => !p.Cost.IsPositive) is { } free)
        {
            return $"project {free.Id} costs nothing; a round only puts proposals with a cost on the ballot.";
        }

        if (file.Projects.FirstOrDefault(p => p.Cost > file.Budget) is { } unaffordable)
        {
            return $"project {unaffordable.Id} costs {PabulibWriter.Amount(unaffordable.Cost)}, more than the whole budget of {PabulibWriter.Amount(file.Budget)}; a round cannot put it on the ballot.";
        }

        if (file.Votes.FirstOrDefault(v => v.Projects.IsEmpty) is { } blank)
        {
            return $"voter {blank.VoterId} has an empty ballot; a round only holds ballots with at least one choice.";
        }

        if (cumulative && file.Votes.FirstOrDefault(v => v.Points.Any(p => p is < 1 or > int.MaxValue)) is { } odd)
        {
            return $"voter {odd.VoterId} gives a project less than 1 point (or more than a round can count); a round only holds whole positive points.";
        }

        return null;
    }

    private static BallotMethod Method(PabulibFile file)
    {
        if (file.VoteType == PabulibVoteType.Cumulative)
        {
            var largest = file.Votes.Select(v => v.Points.Sum()).DefaultIfEmpty(1).Max();
            var points = Math.Max(largest, MetaNumber(file, "max_sum_points") ?? 0);
            return new CumulativePoints(checked((int)points));
        }

        var longest = file.Votes.Select(v => Approved(v).Count()).DefaultIfEmpty(1).Max();
        return new ApprovalAtMostK((int)Math.Min(file.Projects.Length, Math.Max(longest, MetaNumber(file, "max_length") ?? 0)));
    }

    /// <summary>An approval ballot is a set: a project named twice (real files have them) is approved once, as the
    /// reference library reads it.</summary>
    private static IEnumerable<string> Approved(PabulibVote vote) => vote.Projects.Distinct(StringComparer.Ordinal);

    private static long? MetaNumber(PabulibFile file, string key) =>
        long.TryParse(file.MetaValue(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static ProposalContent Content(PabulibProject project, PabulibFile file)
    {
        var name = project.Fields.GetValueOrDefault("name")?.Trim() ?? "";
        var title = name.Length >= ProposalLimits.TitleMinLength ? Shorten(name, ProposalLimits.TitleMaxLength) : $"Project {project.Id}";
        var origin = $"Project {project.Id} uit het Pabulib-bestand {file.MetaValue("description") ?? file.MetaValue("unit") ?? ""}".TrimEnd();
        var description = project.Fields.GetValueOrDefault("description")?.Trim() is { Length: >= ProposalLimits.DescriptionMinLength } text
            ? Shorten($"{text}\n\n{origin}.", ProposalLimits.DescriptionMaxLength)
            : Shorten(origin + ".", ProposalLimits.DescriptionMaxLength);
        return new ProposalContent(Shorten(title, ProposalLimits.TitleMaxLength), description, CategoryOf(project.Fields.GetValueOrDefault("category")), project.Cost);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>Pabulib categories are free text in the city's language (Polish, Dutch, English); the common words
    /// map to the round's categories, the rest to "overig".</summary>
    public static ProposalCategory CategoryOf(string? category)
    {
        var text = category?.ToLowerInvariant() ?? "";
        (string[] Words, ProposalCategory Category)[] table =
        [
            (["green", "groen", "environment", "zieleń", "przyroda", "nature", "klimaat", "climate"], ProposalCategory.Greenery),
            (["transit", "road", "traffic", "verkeer", "transport", "komunikacja", "fiets"], ProposalCategory.TrafficSafety),
            (["sport", "play", "spelen", "rekreacja"], ProposalCategory.PlayAndSport),
            (["light", "verlichting", "oświetlenie"], ProposalCategory.Lighting),
            (["safety", "veiligheid", "bezpieczeństwo"], ProposalCategory.Safety),
            (["clean", "schoon", "afval", "waste"], ProposalCategory.Cleanliness),
            (["youth", "jeugd", "jongeren", "children", "kinderen", "education", "edukacja", "onderwijs"], ProposalCategory.Youth),
            (["culture", "cultuur", "kultura", "welfare", "welzijn", "social", "ontmoeting", "community", "public space", "openbare ruimte"], ProposalCategory.Meeting),
        ];
        foreach (var (words, found) in table)
        {
            if (words.Any(word => text.Contains(word, StringComparison.Ordinal)))
            {
                return found;
            }
        }

        return ProposalCategory.Other;
    }
}
