using System.Collections.Immutable;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Pabulib;

/// <summary>How the voters of a Pabulib file filled in their ballots (META <c>vote_type</c>).</summary>
public enum PabulibVoteType
{
    Approval = 0,

    /// <summary>One project per ballot; the rules treat it as an approval ballot with one choice.</summary>
    ChooseOne = 1,

    /// <summary>Points per project, in the <c>points</c> column.</summary>
    Cumulative = 2,

    /// <summary>Projects in order of preference; parsed and written, but no outcome rule here reads preferences.</summary>
    Ordinal = 3,
}

/// <summary>A participatory-budgeting instance in the Pabulib format (pabulib.org): META, PROJECTS and VOTES.
/// Ids stay text, as in the file; amounts are whole cents of the file's currency.</summary>
/// <param name="Meta">Every META row in file order (<c>budget</c> and <c>vote_type</c> among them).</param>
/// <param name="ProjectColumns">The PROJECTS header in file order; <c>project_id</c> and <c>cost</c> among them.</param>
/// <param name="VoteColumns">The VOTES header in file order; <c>voter_id</c> and <c>vote</c> among them.</param>
public sealed record PabulibFile(
    ImmutableArray<KeyValuePair<string, string>> Meta,
    Money Budget,
    PabulibVoteType VoteType,
    ImmutableArray<string> ProjectColumns,
    ImmutableArray<PabulibProject> Projects,
    ImmutableArray<string> VoteColumns,
    ImmutableArray<PabulibVote> Votes)
{
    public string? MetaValue(string key) =>
        Meta.Where(pair => string.Equals(pair.Key, key, StringComparison.Ordinal)).Select(pair => pair.Value).FirstOrDefault();

    /// <summary>The real outcome where the file records one (a <c>selected</c> column with 1 for funded projects).</summary>
    public ImmutableArray<string>? SelectedInFile =>
        ProjectColumns.Contains("selected", StringComparer.Ordinal)
            ? [.. Projects.Where(p => p.Fields.TryGetValue("selected", out var value) && string.Equals(value.Trim(), "1", StringComparison.Ordinal)).Select(p => p.Id)]
            : null;
}

/// <param name="Fields">Every column other than <c>project_id</c> and <c>cost</c>, as text; a missing value (<c>None</c>
/// or empty) is absent.</param>
public sealed record PabulibProject(string Id, Money Cost, ImmutableDictionary<string, string> Fields);

/// <param name="Projects">The ballot's projects in the file's order (preference order for ordinal ballots).</param>
/// <param name="Points">Points per listed project for cumulative ballots, in the same order; empty otherwise.</param>
/// <param name="Fields">Every column other than <c>voter_id</c>, <c>vote</c> and <c>points</c>; missing values absent.</param>
public sealed record PabulibVote(string VoterId, ImmutableArray<string> Projects, ImmutableArray<long> Points, ImmutableDictionary<string, string> Fields);

/// <summary>Why a file could not be read: the 1-based line and the problem, for a person to fix the file.</summary>
public sealed record PabulibError(int Line, string Problem)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Problem}" : Problem;
}

/// <summary>A parsed file or the first problem found in it.</summary>
public sealed record PabulibParseResult(PabulibFile? File, PabulibError? Error)
{
    public bool Succeeded => File is not null;
}
