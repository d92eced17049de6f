using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Spending;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Spending;

public class SpendingTests
{
    private static readonly ParticipantKey First = Sample.Coordinator;
    private static readonly ParticipantKey Second = new("coordinator-7c1d");
    private static readonly ProposalId Drempels = new(1);
    private static readonly ProposalId Lampen = new(2);
    private static readonly ProposalId Zwembad = new(3);

    /// <summary>Budget € 50.000; proposals 1 (€ 10.000) and 2 (€ 20.000) funded, 3 (€ 30.000) chosen by nobody.</summary>
    private static RoundScenario Spending()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000, 30_000);
        for (var resident = 1; resident <= 5; resident++)
        {
            scenario.Vote(resident, 1, 2);
        }

        scenario.Do(new CloseVoting(First));
        scenario.Do(new StartSpending(First));
        Assert.Equal([Drempels, Lampen], scenario.State.Outcome!.Winners.Select(w => w.Proposal));
        return scenario;
    }

    private static RecordSpend Spend(ParticipantKey by, ProposalId proposal, long euros, DateOnly? date = null, string? attachment = null) =>
        new(by, proposal, Money.FromEuros(euros), "  Twee drempels geplaatst  ", "Stadsbeheer BV", "F-2026-0042", date ?? new DateOnly(2026, 3, 1), attachment);

    [Fact]
    public void A_spend_recorded_by_one_coordinator_is_approved_by_another()
    {
        var scenario = Spending();

        var recorded = Assert.IsType<SpendRecorded>(Assert.Single(scenario.Do(Spend(First, Drempels, 4_000, attachment: "DMS-88213"))));
        Assert.Equal((1, "Twee drempels geplaatst", "DMS-88213"), (recorded.Spend, recorded.Description, recorded.AttachmentReference));
        Assert.Equal(SpendStatus.Pending, scenario.State.Spending.Find(1)!.Status);
        Assert.Equal(Money.FromEuros(4_000), scenario.State.Spending.PendingFor(Drempels));

        scenario.Do(new ApproveSpend(Second, 1));

        var spend = scenario.State.Spending.Find(1)!;
        Assert.Equal((SpendStatus.Approved, (ParticipantKey?)Second), (spend.Status, spend.DecidedBy));
        Assert.Equal(Money.FromEuros(4_000), scenario.State.Spending.ApprovedFor(Drempels));
        Assert.Equal(Money.Zero, scenario.State.Spending.PendingFor(Drempels));
    }

    [Fact]
    public void A_spend_keeps_the_names_of_who_recorded_and_who_decided_it_beside_their_keys()
    {
        var scenario = Spending();
        scenario.Do(Spend(First, Drempels, 1_000) with { ByName = "Ellen Bakker" });
        scenario.Do(Spend(First, Drempels, 2_000) with { ByName = "Ellen Bakker" });

        var approved = Assert.IsType<SpendApproved>(Assert.Single(scenario.Do(new ApproveSpend(Second, 1, "Youssef Amrani"))));
        scenario.Do(new RejectSpend(Second, 2, "Dubbel ingevoerd", "Youssef Amrani"));

        Assert.Equal("Youssef Amrani", approved.ByName);
        var (first, second) = (scenario.State.Spending.Find(1)!, scenario.State.Spending.Find(2)!);
        Assert.Equal(("Ellen Bakker", "Youssef Amrani", (ParticipantKey?)Second), (first.RecordedByName, first.DecidedByName, first.DecidedBy));
        Assert.Equal(("Ellen Bakker", "Youssef Amrani", SpendStatus.Rejected), (second.RecordedByName, second.DecidedByName, second.Status));
    }

    [Fact]
    public void A_spend_event_without_a_name_encodes_as_events_did_before_names_were_kept()
    {
        var at = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

        var (_, unnamed) = RoundEventCodec.Encode(new SpendApproved(1, Second, at));
        var (type, named) = RoundEventCodec.Encode(new SpendApproved(1, Second, at, "Youssef Amrani"));

        // A log written before names were kept must still replay byte for byte (LogReplay), so no "byName": null.
        Assert.DoesNotContain("byName", System.Text.Encoding.UTF8.GetString(unnamed), StringComparison.Ordinal);
        Assert.Equal("Youssef Amrani", Assert.IsType<SpendApproved>(RoundEventCodec.Decode(type, named)).ByName);
        Assert.Null(Assert.IsType<SpendApproved>(RoundEventCodec.Decode(type, unnamed)).ByName);
    }

    [Fact]
    public void The_coordinator_who_recorded_a_spend_cannot_approve_it()
    {
        var scenario = Spending();
        scenario.Do(Spend(First, Drempels, 4_000));

        var error = scenario.Refused(new ApproveSpend(First, 1), RoundErrors.SpendNeedsSecondCoordinator);

        Assert.Equal("1", error["spend"]);
        Assert.Equal(SpendStatus.Pending, scenario.State.Spending.Find(1)!.Status);
    }

    [Fact]
    public void A_spend_is_decided_once_and_a_rejected_one_counts_for_nothing()
    {
        var scenario = Spending();
        scenario.Do(Spend(First, Drempels, 9_000));
        scenario.Do(new RejectSpend(Second, 1, "Factuur hoort bij een ander project."));

        Assert.Equal("rejected", scenario.Refused(new ApproveSpend(Second, 1), RoundErrors.SpendAlreadyDecided)["status"]);
        scenario.Refused(new RejectSpend(Second, 1, "Nogmaals"), RoundErrors.SpendAlreadyDecided);
        scenario.Refused(new ApproveSpend(Second, 2), RoundErrors.SpendNotFound);
        scenario.Refused(new RejectSpend(Second, 1, "   "), RoundErrors.SpendAlreadyDecided);
        Assert.Equal("Factuur hoort bij een ander project.", scenario.State.Spending.Find(1)!.RejectionReason);

        // The rejected € 9.000 left the limit free: the whole € 10.000 can still be spent.
        scenario.Do(Spend(First, Drempels, 10_000));
    }

    [Fact]
    public void A_rejection_needs_a_reason_and_the_recorder_may_withdraw_their_own_spend()
    {
        var scenario = Spending();
        scenario.Do(Spend(First, Drempels, 1_000));

        scenario.Refused(new RejectSpend(First, 1, " "), RoundErrors.InvalidText);
        scenario.Do(new RejectSpend(First, 1, "Dubbel ingevoerd."));

        Assert.Equal(SpendStatus.Rejected, scenario.State.Spending.Find(1)!.Status);
    }

    [Fact]
    public void A_project_cannot_pass_its_approved_cost_without_an_overrun_approval_with_a_reason()
    {
        var scenario = Spending();
        scenario.Do(Spend(First, Drempels, 6_000));
        scenario.Do(Spend(First, Drempels, 3_000));

        // Pending spends count already: two waiting side by side can never pass the limit together.
        var error = scenario.Refused(Spend(First, Drempels, 1_500), RoundErrors.SpendOverLimit);
        Assert.Equal((Money.FromEuros(10_000).ToDutchString(), Money.FromEuros(1_000).ToDutchString()), (error["limit"], error["remaining"]));

        scenario.Refused(new ApproveOverrun(Second, Drempels, Money.FromEuros(500), "  "), RoundErrors.InvalidText);
        scenario.Do(new ApproveOverrun(Second, Drempels, Money.FromEuros(500), "Extra bebording op verzoek van de politie."));
        scenario.Do(Spend(First, Drempels, 1_500));
        scenario.Refused(Spend(First, Drempels, 1), RoundErrors.SpendOverLimit);

        Assert.Equal(Money.FromEuros(10_500), Money.FromEuros(10_000) + scenario.State.Spending.OverrunsFor(Drempels));
        Assert.Equal("Extra bebording op verzoek van de politie.", Assert.Single(scenario.State.Spending.Overruns).Reason);
    }

    [Fact]
    public void An_overrun_is_refused_when_the_funded_projects_together_would_pass_the_budget()
    {
        var scenario = Spending();
        scenario.Do(new ApproveOverrun(Second, Lampen, Money.FromEuros(15_000), "Bodem vervuild, extra grondwerk."));

        // € 10.000 + € 35.000 of € 50.000 are taken: € 5.000 is left for overruns.
        var error = scenario.Refused(new ApproveOverrun(Second, Drempels, Money.FromEuros(5_001), "Meer drempels."), RoundErrors.OverrunOverBudget);
        Assert.Equal(Money.FromEuros(5_000).ToDutchString(), error["available"]);
        scenario.Do(new ApproveOverrun(Second, Drempels, Money.FromEuros(5_000), "Meer drempels."));
    }

    [Fact]
    public void Spending_goes_only_to_funded_projects_only_while_the_round_is_spending()
    {
        var scenario = Spending();
        scenario.Refused(Spend(First, Zwembad, 1_000), RoundErrors.ProjectNotFunded);
        scenario.Refused(Spend(First, new ProposalId(9), 1_000), RoundErrors.ProjectNotFunded);
        scenario.Refused(new ApproveOverrun(Second, Zwembad, Money.FromEuros(1), "Reden"), RoundErrors.ProjectNotFunded);
        scenario.Refused(new ReportProgress(Second, Zwembad, ProjectStatus.InProgress, 10, null), RoundErrors.ProjectNotFunded);

        var tallied = RoundScenario.InVoting(null, 10_000);
        tallied.Vote(1, 1);
        tallied.Do(new CloseVoting(First));
        tallied.Refused(Spend(First, Drempels, 1_000), RoundErrors.WrongPhase);

        scenario.Do(new CloseRound(First));
        scenario.Refused(Spend(First, Drempels, 1_000), RoundErrors.WrongPhase);
        scenario.Refused(new ReportProgress(Second, Drempels, ProjectStatus.Completed, 100, null), RoundErrors.WrongPhase);
    }

    [Fact]
    public void Amounts_texts_and_dates_of_a_spend_are_checked()
    {
        var scenario = Spending();
        scenario.Refused(Spend(First, Drempels, 0), RoundErrors.AmountOutOfRange);
        scenario.Refused(Spend(First, Drempels, -5), RoundErrors.AmountOutOfRange);
        scenario.Refused(Spend(First, Drempels, 1_000) with { Supplier = " " }, RoundErrors.InvalidText);
        scenario.Refused(Spend(First, Drempels, 1_000) with { InvoiceReference = "F-1\nF-2" }, RoundErrors.InvalidText);
        scenario.Refused(Spend(First, Drempels, 1_000) with { Description = "" }, RoundErrors.InvalidText);
        scenario.Refused(Spend(First, Drempels, 1_000, attachment: new string('x', 501)), RoundErrors.InvalidText);

        var today = DateOnly.FromDateTime(scenario.Now.UtcDateTime);
        Assert.Equal("2026-03-05", scenario.Refused(Spend(First, Drempels, 1_000, new DateOnly(2026, 3, 5)), RoundErrors.InvoiceDateInFuture)["date"]);
        scenario.Do(Spend(First, Drempels, 1_000, today.AddDays(1)));
        scenario.Refused(Spend(First, Drempels, 1_000, DateOnly.MinValue), RoundErrors.InvoiceDateTooOld);
        scenario.Refused(Spend(First, Drempels, 1_000, today.AddYears(-7).AddDays(-1)), RoundErrors.InvoiceDateTooOld);
        scenario.Do(Spend(First, Drempels, 1_000, today.AddYears(-7)));
    }

    [Fact]
    public void The_round_closes_only_once_every_spend_is_decided()
    {
        var scenario = Spending();
        scenario.Do(Spend(First, Drempels, 1_000));
        scenario.Do(Spend(First, Lampen, 2_000));
        scenario.Do(new ApproveSpend(Second, 2));

        var error = scenario.Refused(new CloseRound(First), RoundErrors.SpendsPending);

        Assert.Equal(("1", "1"), (error["count"], error["spends"]));
        scenario.Do(new ApproveSpend(Second, 1));
        scenario.Do(new CloseRound(First));
    }

    [Fact]
    public void Progress_is_reported_with_milestones_and_completed_means_a_hundred_percent()
    {
        var scenario = Spending();
        scenario.Do(new ReportProgress(First, Lampen, ProjectStatus.InProgress, 40, "  Palen geplaatst  "));
        scenario.Do(new ReportProgress(Second, Lampen, ProjectStatus.OnHold, 40, null));

        scenario.Refused(new ReportProgress(First, Lampen, ProjectStatus.Completed, 90, "Klaar"), RoundErrors.InvalidProgress);
        Assert.Equal(InvalidProgressReasons.PercentOutOfRange, scenario.Refused(new ReportProgress(First, Lampen, ProjectStatus.InProgress, 101, null), RoundErrors.InvalidProgress)["reason"]);
        scenario.Refused(new ReportProgress(First, Lampen, ProjectStatus.InProgress, -1, null), RoundErrors.InvalidProgress);
        scenario.Refused(new ReportProgress(First, Lampen, (ProjectStatus)9, 50, null), RoundErrors.InvalidProgress);
        scenario.Do(new ReportProgress(First, Lampen, ProjectStatus.Completed, 100, "Lampen branden"));

        var progress = scenario.State.Spending.ProgressOf(Lampen)!;
        Assert.Equal((ProjectStatus.Completed, 100), (progress.Status, progress.PercentComplete));
        Assert.Equal(["Palen geplaatst", "Lampen branden"], progress.Milestones.Select(m => m.Text));
        Assert.Null(scenario.State.Spending.ProgressOf(Drempels));
    }

    [Fact]
    public void Whatever_coordinators_try_the_round_never_spends_more_than_its_budget()
    {
        // Random spends, overruns, approvals and rejections: every accepted one keeps counted spend within the budget.
        for (var seed = 0; seed < 25; seed++)
        {
            var random = new Random(seed);
            var scenario = Spending();
            for (var step = 0; step < 60; step++)
            {
                var proposal = random.Next(2) == 0 ? Drempels : Lampen;
                RoundCommand command = random.Next(4) switch
                {
                    0 => Spend(random.Next(2) == 0 ? First : Second, proposal, random.Next(1, 12_000)),
                    1 => new ApproveOverrun(Second, proposal, Money.FromEuros(random.Next(1, 8_000)), "Tegenvaller"),
                    2 => new ApproveSpend(random.Next(2) == 0 ? First : Second, random.Next(1, scenario.State.Spending.Spends.Length + 2)),
                    _ => new RejectSpend(Second, random.Next(1, scenario.State.Spending.Spends.Length + 2), "Onjuist"),
                };
                scenario.Try(command);

                var ledger = scenario.State.Spending;
                var counted = ledger.CountedFor(Drempels) + ledger.CountedFor(Lampen);
                Assert.True(counted <= Money.FromEuros(50_000), $"seed {seed}: {counted} counted against € 50.000");
                Assert.All(ledger.Spends.Where(s => s.Status == SpendStatus.Approved), s => Assert.NotEqual(s.RecordedBy, s.DecidedBy));
            }
        }
    }
}
