using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Summaries;

namespace Buurtbudget.Storage.Tests.Events;

/// <summary>The round summaries (the read model of the lists across rounds), kept by every store beside its events.</summary>
public abstract partial class EventStoreContract
{
    private static readonly DistrictCode Delfshaven = DistrictCode.Parse("WK059903");
    private static readonly DistrictCode Noord = DistrictCode.Parse("WK059905");

    private static StoredRoundSummary Summary(RoundId round, long sequence, DistrictCode district, RoundPhase phase, int createdMinute, bool broken = false, string document = "{\"title\":\"Buurtbudget\"}") =>
        new(round, sequence, district, phase, Start.AddMinutes(createdMinute), broken, document);

    private static IRoundSummaries Summaries(IEventStore store) => Assert.IsAssignableFrom<IRoundSummaries>(store);

    [Fact]
    public async Task A_summary_appended_with_its_events_is_listed_newest_first_and_filtered_by_wijk_and_phase()
    {
        var store = OpenStore();
        var (older, newer, noord) = (RoundId.New(), RoundId.New(), RoundId.New());
        await store.AppendAsync(older, 0, Events(2), Summary(older, 2, Delfshaven, RoundPhase.Voting, 1, document: "{\"title\":\"Oud ✓\"}"));
        await store.AppendAsync(newer, 0, Events(1), Summary(newer, 1, Delfshaven, RoundPhase.Draft, 2));
        await store.AppendAsync(noord, 0, Events(3), Summary(noord, 3, Noord, RoundPhase.Voting, 3));

        // Another store over the same storage: what a restarted node reads.
        var summaries = Summaries(OpenStore());
        var all = await summaries.ListSummariesAsync();
        Assert.Equal([noord, newer, older], all.Select(s => s.RoundId));
        Assert.Equal(Summary(older, 2, Delfshaven, RoundPhase.Voting, 1, document: "{\"title\":\"Oud ✓\"}") with { Document = all[2].Document }, all[2]);
        Assert.Contains("Oud ✓", all[2].Document, StringComparison.Ordinal);
        Assert.Equal([newer, older], (await summaries.ListSummariesAsync(district: Delfshaven)).Select(s => s.RoundId));
        Assert.Equal([noord, older], (await summaries.ListSummariesAsync(phase: RoundPhase.Voting)).Select(s => s.RoundId));
        Assert.Equal([older], (await summaries.ListSummariesAsync(Delfshaven, RoundPhase.Voting)).Select(s => s.RoundId));
        Assert.Empty(await summaries.ListRoundsWithoutSummaryAsync());
    }

    [Fact]
    public async Task A_summary_changes_with_the_append_that_carries_it_and_a_failed_append_changes_neither()
    {
        var store = OpenStore();
        var summaries = Summaries(store);
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(1), Summary(round, 1, Delfshaven, RoundPhase.Draft, 0));
        await store.AppendAsync(round, 1, Events(1, "next"), Summary(round, 2, Delfshaven, RoundPhase.Submission, 0));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.AppendAsync(round, 1, Events(1, "late"), Summary(round, 2, Delfshaven, RoundPhase.Closed, 0)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(round, 2, Events(1, "wrong"), Summary(round, 5, Delfshaven, RoundPhase.Closed, 0)));

        var stored = Assert.Single(await summaries.ListSummariesAsync());
        Assert.Equal((2L, RoundPhase.Submission), (stored.Sequence, stored.Phase));
        Assert.Equal(2, (await store.ReadAsync(round)).Count);

        // An append without a summary (nothing the lists show changed) leaves the summary as it was.
        await store.AppendAsync(round, 2, Events(1, "ballot"));
        Assert.Equal(RoundPhase.Submission, Assert.Single(await summaries.ListSummariesAsync()).Phase);
    }

    [Fact]
    public async Task An_older_summary_never_replaces_a_newer_one_but_a_summary_of_a_broken_log_does()
    {
        var store = OpenStore();
        var summaries = Summaries(store);
        var round = RoundId.New();
        await store.AppendAsync(round, 0, Events(5), Summary(round, 5, Delfshaven, RoundPhase.Voting, 0));

        await summaries.UpsertAsync(Summary(round, 3, Delfshaven, RoundPhase.Review, 0));
        Assert.Equal(RoundPhase.Voting, Assert.Single(await summaries.ListSummariesAsync()).Phase);

        // Loading found the log broken at event 4: the round is what events 1-3 vouch for, and shown broken.
        await summaries.UpsertAsync(Summary(round, 3, Delfshaven, RoundPhase.Review, 0, broken: true));
        var broken = Assert.Single(await summaries.ListSummariesAsync());
        Assert.Equal((3L, true), (broken.Sequence, broken.Broken));

        // Restored, even to a shorter log, the round's next load replaces the broken summary.
        await summaries.UpsertAsync(Summary(round, 2, Delfshaven, RoundPhase.Submission, 0));
        var restored = Assert.Single(await summaries.ListSummariesAsync());
        Assert.Equal((2L, false), (restored.Sequence, restored.Broken));
    }

    [Fact]
    public async Task Rounds_stored_without_a_summary_are_found_oldest_first_until_they_have_one()
    {
        var store = OpenStore();
        var summaries = Summaries(store);
        var (first, listed, second) = (RoundId.New(), RoundId.New(), RoundId.New());
        await store.AppendAsync(first, 0, [Event("RoundCreated", "{}", Start)]);
        await store.AppendAsync(listed, 0, [Event("RoundCreated", "{}", Start.AddMinutes(1))], Summary(listed, 1, Noord, RoundPhase.Draft, 1));
        await store.AppendAsync(second, 0, [Event("RoundCreated", "{}", Start.AddMinutes(2))]);

        Assert.Equal([first, second], await summaries.ListRoundsWithoutSummaryAsync());

        await summaries.UpsertAsync(Summary(first, 1, Delfshaven, RoundPhase.Draft, 0));
        Assert.Equal([second], await summaries.ListRoundsWithoutSummaryAsync());
    }
}
