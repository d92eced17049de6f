using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Storage.Summaries;

/// <summary>One round as the lists across rounds show it: typed columns for what a list filters and orders on, and the
/// rest as one JSON document that the round's grain writes and the API reads (the store never looks inside it). Holds
/// nothing about any one resident.</summary>
/// <param name="Sequence">The round's version the summary was made from: of two writers (two activations that briefly
/// overlap), the older never replaces the newer.</param>
/// <param name="Broken">Made from a log whose hash chain broke: such a summary comes from loading the log as it now is,
/// so it replaces the stored one whatever its sequence (a broken log is read only up to the break, a restored one may
/// be shorter than before).</param>
public sealed record StoredRoundSummary(
    RoundId RoundId,
    long Sequence,
    DistrictCode District,
    RoundPhase Phase,
    DateTimeOffset CreatedAt,
    bool Broken,
    string Document);

/// <summary>The read model behind the lists across rounds (the rounds list, the city-wide open data): one summary row
/// per round, kept beside the events by the same store, so that a list is one query instead of an activation per
/// round. The round's grain writes it (see IEventStore's append with a summary); these are the other ways in and out.</summary>
public interface IRoundSummaries
{
    /// <summary>Writes the round's summary, unless a newer one of an intact log is stored (see
    /// <see cref="StoredRoundSummary.Sequence"/> and <see cref="StoredRoundSummary.Broken"/>).</summary>
    Task UpsertAsync(StoredRoundSummary summary, CancellationToken cancellationToken = default);

    /// <summary>The summaries, newest round first (by creation, then id), of one wijk and/or in one phase when given.</summary>
    Task<IReadOnlyList<StoredRoundSummary>> ListSummariesAsync(DistrictCode? district = null, RoundPhase? phase = null, CancellationToken cancellationToken = default);

    /// <summary>Rounds with events but no summary (stored before the read model existed, or imported straight into the
    /// store), oldest first.</summary>
    Task<IReadOnlyList<RoundId>> ListRoundsWithoutSummaryAsync(CancellationToken cancellationToken = default);
}
