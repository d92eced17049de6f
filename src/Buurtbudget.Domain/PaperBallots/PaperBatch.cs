using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.PaperBallots;

/// <summary>Which of the two typings of a paper batch: every batch is typed twice, by two different coordinators.</summary>
public enum PaperEntryPass
{
    First = 1,
    Second = 2,
}

/// <summary>One paper ballot as a coordinator typed it. The person is the keyed hash of the code printed on the paper
/// (a letter code, or a code the table handed out after checking the register): the same key a ballot cast online with
/// that code has, so the paper ballot replaces it. A spoiled paper (unreadable, or marked against the rules) has neither
/// code nor choices: it is set aside and touches nobody's ballot.</summary>
/// <param name="Voter">The code's keyed hash; null only for a spoiled paper.</param>
/// <param name="Choices">In proposal order, as the ballot rules normalise them; empty for a blank or spoiled paper.</param>
public sealed record PaperBallotMark(ParticipantKey? Voter, ImmutableArray<BallotChoice> Choices, bool Spoiled = false)
{
    public ImmutableArray<BallotChoice> Choices { get; init; } = Choices.IsDefault ? [] : Choices;

    public static PaperBallotMark SpoiledPaper { get; } = new(null, [], Spoiled: true);

    /// <summary>Two typings agree when they name the same code, the same choices and the same spoiling.</summary>
    public bool Agrees(PaperBallotMark other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Voter == other.Voter && Spoiled == other.Spoiled && Choices.SequenceEqual(other.Choices);
    }
}

/// <summary>One typing of a batch: who typed it, what they typed per position (1, 2, … in the order of the pile), and
/// whether they said they are done.</summary>
public sealed record PaperPass(ParticipantKey? Typist, ImmutableSortedDictionary<int, PaperBallotMark> Ballots, bool Finished)
{
    public static PaperPass Empty { get; } = new(null, ImmutableSortedDictionary<int, PaperBallotMark>.Empty, false);
}

/// <summary>How a coordinator settled a position where the two typings differ, after looking at the paper again: the
/// ballot as it is on the paper (counted), or set aside with a reason.</summary>
public sealed record PaperResolution(PaperBallotMark? Counted, string? SetAsideReason, ParticipantKey By, DateTimeOffset At);

/// <summary>What committing a batch did, stated in its event for auditors.</summary>
/// <param name="Entered">Paper ballots in the batch: the most positions either typing holds.</param>
/// <param name="Agreed">Positions where both typings were the same.</param>
/// <param name="Resolved">Positions where they differed and a coordinator settled them.</param>
/// <param name="Counted">Paper ballots that now count as their person's ballot.</param>
/// <param name="SetAside">Spoiled papers and disagreements set aside: <c>Entered = Counted + SetAside</c>.</param>
/// <param name="Replaced">Counted paper ballots that replaced an earlier ballot of the same code (online, or earlier in
/// the pile).</param>
/// <param name="Channel">Always <see cref="PaperBatch.Channel"/>: per-channel counts read it.</param>
public sealed record PaperBatchTotals(int Entered, int Agreed, int Resolved, int Counted, int SetAside, int Replaced, string Channel = PaperBatch.Channel);

/// <summary>A pile of paper ballots from one voting evening, e.g. "Buurthuis De Esch, 12 maart, stapel 1", as the round
/// holds it: both typings, the settled disagreements, and once committed its totals.</summary>
/// <param name="Number">1 for the round's first batch, 2 for the next, and so on.</param>
public sealed record PaperBatch(
    int Number,
    string Label,
    ParticipantKey OpenedBy,
    DateTimeOffset OpenedAt,
    PaperPass First,
    PaperPass Second,
    ImmutableSortedDictionary<int, PaperResolution> Resolutions,
    PaperBatchTotals? Totals = null,
    DateTimeOffset? CommittedAt = null)
{
    /// <summary>The ballot channel of a paper ballot, as per-channel counts name it.</summary>
    public const string Channel = "paper";

    public const int LabelMaxLength = 120;

    public const int ReasonMaxLength = 200;

    /// <summary>A pile a table fills in one evening, with room to spare; more is a typing mistake in the position.</summary>
    public const int MaxBallots = 5_000;

    [JsonIgnore]
    public bool IsCommitted => Totals is not null;

    [JsonIgnore]
    public bool BothFinished => First.Finished && Second.Finished;

    /// <summary>The paper ballots in the batch: the most positions either typing holds.</summary>
    [JsonIgnore]
    public int Size => Math.Max(First.Ballots.Count, Second.Ballots.Count);

    public PaperPass PassOf(PaperEntryPass pass) => pass == PaperEntryPass.First ? First : Second;

    public PaperPass OtherThan(PaperEntryPass pass) => pass == PaperEntryPass.First ? Second : First;

    /// <summary>The positions where the two typings differ, or only one holds a ballot, in pile order.</summary>
    public ImmutableArray<int> Disagreements()
    {
        var positions = ImmutableArray.CreateBuilder<int>();
        for (var position = 1; position <= Size; position++)
        {
            if (!Agreed(position, out _))
            {
                positions.Add(position);
            }
        }

        return positions.ToImmutable();
    }

    /// <summary>Whether both typings hold the same ballot at <paramref name="position"/>, and which.</summary>
    public bool Agreed(int position, out PaperBallotMark? mark)
    {
        mark = null;
        if (First.Ballots.TryGetValue(position, out var first) && Second.Ballots.TryGetValue(position, out var second) && first.Agrees(second))
        {
            mark = first;
            return true;
        }

        return false;
    }
}
