using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Outcomes;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Participants;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Spending;

namespace Buurtbudget.Domain.Rounds;

/// <summary>A whole state as bytes, for snapshots that speed up activation. The stored shape is its own record,
/// so the state can change shape without silently changing what old snapshots mean; a snapshot of another
/// format is refused and the caller replays the events instead.</summary>
public static class RoundSnapshotCodec
{
    /// <summary>Members added later (voting codes, the voter register, the channel counts and the register's letter codes)
    /// are optional, so older snapshots of this
    /// format still load as rounds without them. Format 2: every ballot carries the sequence of the event that cast it
    /// (its receipt's source). A format 1 snapshot has none, and defaulting them would give wrong receipts, so it is
    /// refused and the round replays its events.</summary>
    public const int CurrentFormat = 2;

    public static byte[] Encode(RoundState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ballots = CopyBallots(state);
        Array.Sort(ballots, ByVoter);
        return JsonSerializer.SerializeToUtf8Bytes(ToStored(state, ballots), RoundJsonContext.Default.RoundSnapshot);
    }

    /// <summary>The same bytes as <see cref="Encode"/>, written to <paramref name="output"/> a piece at a time, so that
    /// a large round is never held as one array and the stream can pace the writing. <paramref name="pause"/>, when
    /// given, is awaited between slices of the work before it (ordering the ballots), so that a caller beside live
    /// traffic can spread that out too.</summary>
    public static async Task EncodeAsync(RoundState state, Stream output, Func<ValueTask>? pause = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(output);
        var ballots = CopyBallots(state);
        if (pause is null)
        {
            Array.Sort(ballots, ByVoter);
        }
        else
        {
            await SortInSlicesAsync(ballots, pause, cancellationToken);
        }

        await JsonSerializer.SerializeAsync(output, ToStored(state, ballots), RoundJsonContext.Default.RoundSnapshot, cancellationToken);
    }

    // Hash order differs between processes; sorting by voter makes the bytes deterministic. Voters are unique, so every
    // correct sort gives the same order.
    private static int ByVoter(Ballot a, Ballot b) => string.CompareOrdinal(a.Voter.Value, b.Voter.Value);

    private static Ballot[] CopyBallots(RoundState state)
    {
        var ballots = new Ballot[state.Ballots.Count];
        var next = 0;
        foreach (var ballot in state.Ballots.Values)
        {
            ballots[next++] = ballot;
        }

        return ballots;
    }

    /// <summary>A bottom-up merge sort whose every slice (sorting one run, or merging a run's worth) is followed by
    /// <paramref name="pause"/>.</summary>
    private static async Task SortInSlicesAsync(Ballot[] ballots, Func<ValueTask> pause, CancellationToken cancellationToken)
    {
        const int Run = 8_192;
        for (var start = 0; start < ballots.Length; start += Run)
        {
            Array.Sort(ballots, start, Math.Min(Run, ballots.Length - start), Comparer<Ballot>.Create(ByVoter));
            cancellationToken.ThrowIfCancellationRequested();
            await pause();
        }

        var from = ballots;
        var to = new Ballot[ballots.Length];
        for (var width = Run; width < ballots.Length; width *= 2)
        {
            var sinceRest = 0;
            for (var left = 0; left < ballots.Length; left += 2 * width)
            {
                int i = left, middle = Math.Min(left + width, ballots.Length), j = middle, end = Math.Min(left + (2 * width), ballots.Length);
                for (var k = left; k < end; k++)
                {
                    to[k] = j >= end || (i < middle && ByVoter(from[i], from[j]) <= 0) ? from[i++] : from[j++];
                    if (++sinceRest == Run)
                    {
                        sinceRest = 0;
                        cancellationToken.ThrowIfCancellationRequested();
                        await pause();
                    }
                }
            }

            (from, to) = (to, from);
        }

        if (!ReferenceEquals(from, ballots))
        {
            Array.Copy(from, ballots, ballots.Length);
        }
    }

    private static RoundSnapshot ToStored(RoundState state, Ballot[] sortedBallots) => new(
        CurrentFormat,
        state.Id,
        state.Version,
        state.District,
        state.Title,
        state.Phase,
        state.Rules,
        [.. state.Proposals.Values],
        state.BallotOptions,
        ImmutableCollectionsMarshal.AsImmutableArray(sortedBallots),
        state.Tally,
        state.Outcome,
        state.CreatedAt,
        state.VotingOpenedAt,
        state.VotingClosedAt,
        [.. state.VotingCodes.OrderBy(k => k.Value, StringComparer.Ordinal)],
        state.VotingCodeBatches,
        [.. state.VoterRegister.OrderBy(voter => voter.Value, StringComparer.Ordinal)],
        state.Audit,
        state.Spending,
        state.Calendar,
        state.PaperBatches,
        state.Channels,
        [.. state.CodeHolders.Select(pair => new CodeBinding(pair.Key, pair.Value)).OrderBy(binding => binding.Code.Value, StringComparer.Ordinal)],
        state.Arguments.Arguments.IsEmpty ? default : [.. state.Arguments.Arguments.Values],
        state.Arguments.DisplayNames.IsEmpty ? default : state.Arguments.NamesInOrder(),
        // Written whenever the register binds codes, even when none was used yet, so that its absence means an older
        // writer (see Decode); a round without bound codes keeps the bytes it had.
        state.CodeHolders.IsEmpty ? default : [.. state.UsedCodes.OrderBy(code => code.Value, StringComparer.Ordinal)]);

    /// <inheritdoc cref="Decode(ReadOnlySpan{byte})"/>
    public static RoundState Decode(ReadOnlySequence<byte> snapshot) =>
        snapshot.IsSingleSegment ? Decode(snapshot.FirstSpan) : Decode(new Utf8JsonReader(snapshot));

    /// <summary>Throws <see cref="JsonException"/> for a corrupt snapshot and <see cref="FormatException"/> for one of another format.</summary>
    public static RoundState Decode(ReadOnlySpan<byte> snapshot) => Decode(new Utf8JsonReader(snapshot));

    private static RoundState Decode(Utf8JsonReader reader)
    {
        RoundSnapshot? stored;
        try
        {
            stored = JsonSerializer.Deserialize(ref reader, RoundJsonContext.Default.RoundSnapshot);
            if (reader.Read())
            {
                throw new JsonException("The round snapshot has data after its end.");
            }
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new JsonException($"The round snapshot is corrupt: {exception.Message}", exception);
        }

        if (stored is null)
        {
            throw new JsonException("The round snapshot is empty (null).");
        }

        if (stored.Format != CurrentFormat)
        {
            throw new FormatException($"Round snapshot format {stored.Format} is not {CurrentFormat}; replay the events instead.");
        }

        if (!stored.CodeHolders.IsDefaultOrEmpty && stored.UsedCodes.IsDefault)
        {
            // Written before used letter codes were kept: it cannot say which of its bound codes voted.
            throw new FormatException("The round snapshot binds letter codes but does not say which were used; replay the events instead.");
        }

        var votingCodes = stored.VotingCodes.IsDefault ? [] : stored.VotingCodes.ToImmutableHashSet();
        var ballots = BallotBook.From(stored.Ballots.Select(b => WithChannel(b, votingCodes)));
        return new RoundState
        {
            Id = stored.Id,
            Version = stored.Version,
            District = stored.District,
            Title = stored.Title,
            Phase = stored.Phase,
            Rules = stored.Rules,
            Proposals = stored.Proposals.ToImmutableSortedDictionary(p => p.Id, p => p),
            BallotOptions = stored.BallotOptions,
            Ballots = ballots,
            Tally = stored.Tally,
            Outcome = stored.Outcome,
            CreatedAt = stored.CreatedAt,
            VotingOpenedAt = stored.VotingOpenedAt,
            VotingClosedAt = stored.VotingClosedAt,
            VotingCodes = votingCodes,
            VotingCodeBatches = stored.VotingCodeBatches,
            VoterRegister = stored.VoterRegister.IsDefault ? [] : [.. stored.VoterRegister],
            Audit = stored.Audit,
            Spending = stored.Spending ?? SpendingLedger.Empty,
            Calendar = stored.Calendar,
            PaperBatches = stored.PaperBatches.IsDefault ? [] : stored.PaperBatches,
            Channels = stored.Channels ?? ChannelTally.Of(ballots.Values),
            CodeHolders = stored.CodeHolders.IsDefault ? ImmutableDictionary<ParticipantKey, ParticipantKey>.Empty : stored.CodeHolders.ToImmutableDictionary(b => b.Code, b => b.Person),
            Arguments = stored.Arguments.IsDefault && stored.DisplayNames.IsDefault
                ? ArgumentBoard.Empty
                : ArgumentBoard.From(stored.Arguments.IsDefault ? [] : stored.Arguments, stored.DisplayNames.IsDefault ? [] : stored.DisplayNames),
            UsedCodes = stored.UsedCodes.IsDefault ? ImmutableHashSet<ParticipantKey>.Empty : [.. stored.UsedCodes],
        };
    }

    /// <summary>A snapshot from before ballots recorded their channel reads every ballot as signed in; a ballot whose
    /// voter is a code the round issued came by letter code (the rule <see cref="ParticipantResolution.ChannelOf"/>
    /// applies to events). A ballot that names its channel keeps it.</summary>
    private static Ballot WithChannel(Ballot ballot, ImmutableHashSet<ParticipantKey> votingCodes) =>
        ballot.Channel == BallotChannel.SignIn && votingCodes.Contains(ballot.Voter) ? ballot with { Channel = BallotChannel.LetterCode } : ballot;
}

/// <param name="VotingCodes">Sorted, so the bytes are deterministic. Optional, as is <paramref name="VotingCodeBatches"/>:
/// a snapshot from before voting codes existed is a round without any, so format 1 still means the same.</param>
internal sealed record RoundSnapshot(
    int Format,
    RoundId Id,
    long Version,
    District? District,
    string Title,
    RoundPhase Phase,
    RoundRules? Rules,
    ImmutableArray<Proposal> Proposals,
    ImmutableArray<BallotOption> BallotOptions,
    ImmutableArray<Ballot> Ballots,
    Tally Tally,
    RoundOutcome? Outcome,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? VotingOpenedAt,
    DateTimeOffset? VotingClosedAt,
    ImmutableArray<ParticipantKey> VotingCodes = default,
    int VotingCodeBatches = 0,
    ImmutableArray<ParticipantKey> VoterRegister = default,
    AuditSignOff? Audit = null,
    SpendingLedger? Spending = null,
    RoundCalendar? Calendar = null,
    ImmutableArray<PaperBatch> PaperBatches = default,
    ChannelTally? Channels = null,
    ImmutableArray<CodeBinding> CodeHolders = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<Argument> Arguments = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<ChosenDisplayName> DisplayNames = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ImmutableArray<ParticipantKey> UsedCodes = default);
