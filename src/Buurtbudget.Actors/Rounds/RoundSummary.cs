using System.Text.Json;
using System.Text.Json.Serialization;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Reports;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Summaries;

namespace Buurtbudget.Actors.Rounds;

/// <summary>A round as the lists across rounds show it: the rounds list and the city-wide open data. The round's grain
/// stores it with every turn that changes it, so that a list is read from the store and activates no round. Nothing in
/// it names a resident.</summary>
/// <param name="BrokenAt">As on <see cref="RoundIntegrity"/>: the first event at fault when the stored log is broken.</param>
/// <param name="Figures">The round's figures for the city-wide open data; null until it has an outcome.</param>
/// <param name="VotingCloses">When voting closes by the round's calendar, for the deadline the home page shows; null
/// without a calendar (and in summaries stored before it was kept).</param>
public sealed record RoundSummary(
    RoundId Id,
    string Title,
    District District,
    RoundPhase Phase,
    Money Budget,
    int ProposalCount,
    long Turnout,
    DateTimeOffset CreatedAt,
    long? BrokenAt,
    RoundFigures? Figures,
    DateTimeOffset? VotingCloses = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    [JsonIgnore]
    public RoundIntegrity Integrity => BrokenAt is null ? RoundIntegrity.Intact : new RoundIntegrity(BrokenAt);

    /// <summary>The one mapping from a round's state to its summary; null for a round that does not exist (yet).</summary>
    public static RoundSummary? Of(RoundState state, RoundIntegrity integrity)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(integrity);
        if (state.District is not { } district)
        {
            return null;
        }

        return new RoundSummary(
            state.Id,
            state.Title,
            district,
            state.Phase,
            state.Rules?.Budget ?? Money.Zero,
            state.Proposals.Count,
            state.Tally.Turnout,
            state.CreatedAt ?? default,
            integrity.BrokenAt,
            CityOverview.Of(state),
            state.Calendar?.VotingCloses);
    }

    /// <summary>The summary of <paramref name="state"/> as the store keeps it; null for a round that does not exist.</summary>
    public static StoredRoundSummary? ToStored(RoundState state, RoundIntegrity integrity)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Of(state, integrity) is { } summary
            ? new StoredRoundSummary(summary.Id, state.Version, summary.District.Code, summary.Phase, summary.CreatedAt, summary.BrokenAt is not null, JsonSerializer.Serialize(summary, Json))
            : null;
    }

    public static RoundSummary FromStored(StoredRoundSummary stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return JsonSerializer.Deserialize<RoundSummary>(stored.Document, Json)
            ?? throw new InvalidDataException($"The stored summary of round {stored.RoundId} is empty.");
    }
}
