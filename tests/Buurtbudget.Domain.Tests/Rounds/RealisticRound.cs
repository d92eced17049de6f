using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Arguments;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.PaperBallots;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Domain.Spending;

namespace Buurtbudget.Domain.Tests.Rounds;

/// <summary>A round that goes through every kind of event: rules changed, proposals edited, withdrawn, found
/// infeasible and merged, voting codes issued, ballots cast, replaced and left blank, a paper batch typed twice, settled and committed, the outcome determined, and the round closed.</summary>
internal static class RealisticRound
{
    public static RoundScenario Build(int voters = 40)
    {
        var coordinator = Sample.Coordinator;
        var scenario = RoundScenario.Created(Sample.Rules(budgetEuros: 60_000));
        scenario.Do(new ChangeRules(coordinator, Sample.Rules(budgetEuros: 75_000, method: new ApprovalWithinBudget(MaxCount: 4), minimumSupport: 2) with
        {
            Eligibility = new Eligibility(MinimumAge: 16, RegisterRequired: true),
        }));
        scenario.Do(new ImportVoterRegister(coordinator, [.. Enumerable.Range(1, Math.Max(voters, 7)).Select(Sample.Resident)]));
        // A first calendar, removed again; then one far enough ahead that the coordinator moves every phase by hand
        // first, frozen into VotingOpened.
        scenario.Do(new SetCalendar(coordinator, new RoundCalendar(
            Sample.Start.AddDays(10), Sample.Start.AddDays(20), Sample.Start.AddDays(25), Sample.Start.AddDays(40))));
        scenario.Do(new ClearCalendar(coordinator));
        scenario.Do(new SetCalendar(coordinator, new RoundCalendar(
            Sample.Start.AddDays(30), Sample.Start.AddDays(60), Sample.Start.AddDays(90), Sample.Start.AddDays(120))));
        scenario.Do(new OpenSubmission(coordinator));

        var buurt = BuurtCode.Parse("BU05990312");
        scenario.Do(new SubmitProposal(Sample.Resident(1), new ProposalContent(
            "Drempels Schiedamseweg", "Twee verkeersdrempels bij de kruising met de Mathenesserweg, waar kinderen oversteken.",
            ProposalCategory.TrafficSafety, Money.FromEuros(18_000), buurt, new GeoPoint(51.9123, 4.4501))));
        scenario.Do(new SubmitProposal(Sample.Resident(2), new ProposalContent(
            "Extra verlichting Park 1943", "Ledverlichting langs het wandelpad,\nzodat het park 's avonds veilig is.",
            ProposalCategory.Lighting, Money.FromEuros(24_500))));
        scenario.Do(new SubmitProposal(Sample.Resident(3), new ProposalContent(
            "Geveltuinen Bospolder", "Dertig geveltuinen met klimplanten; bewoners onderhouden ze zelf.",
            ProposalCategory.Greenery, new Money(1_250_050))));
        scenario.Do(new SubmitProposal(Sample.Resident(4), new ProposalContent(
            "Lampen in het park", "Meer licht in Park 1943 voor wie 's avonds de hond uitlaat.",
            ProposalCategory.Lighting, Money.FromEuros(9_000))));
        scenario.Do(new SubmitProposal(Sample.Resident(5), new ProposalContent(
            "Zwembad op het plein", "Een openluchtzwembad op het Mathenesserplein voor de hele buurt.",
            ProposalCategory.PlayAndSport, Money.FromEuros(75_000))));
        scenario.Do(new SubmitProposal(Sample.Resident(6), new ProposalContent(
            "Buurtbarbecue", "Een jaarlijkse barbecue om buren met elkaar kennis te laten maken.",
            ProposalCategory.Meeting, Money.FromEuros(2_000))));
        scenario.Do(new SubmitProposal(Sample.Resident(7), new ProposalContent(
            "Hangplek jongeren", "Een overdekte plek met bankjes voor jongeren bij het sportveld.",
            ProposalCategory.Youth, Money.FromEuros(14_000))));
        scenario.Do(new EditProposal(Sample.Resident(3), new ProposalId(3), new ProposalContent(
            "Geveltuinen Bospolder en Tussendijken", "Veertig geveltuinen met klimplanten; bewoners onderhouden ze zelf.",
            ProposalCategory.Greenery, Money.FromEuros(16_000))));
        scenario.Do(new WithdrawProposal(Sample.Resident(6), new ProposalId(6)));
        // Pictures (issue 18): added, one removed by its author, one hidden by the coordinator and its bytes erased.
        scenario.Do(new AddProposalImage(Sample.Resident(1), new ProposalId(1), Proposals.ProposalImageTests.Picture(1), "De kruising bij de school"));
        scenario.Do(new AddProposalImage(Sample.Resident(1), new ProposalId(1), Proposals.ProposalImageTests.Picture(2), "Auto's rijden hier hard"));
        scenario.Do(new RemoveProposalImage(Sample.Resident(1), new ProposalId(1), Proposals.ProposalImageTests.Picture(2).Image));
        scenario.Do(new AddProposalImage(Sample.Resident(7), new ProposalId(7), Proposals.ProposalImageTests.Picture(3), "Het sportveld"));
        scenario.Do(new HideProposalImage(coordinator, new ProposalId(7), Proposals.ProposalImageTests.Picture(3).Image, "Er staan herkenbare kinderen op."));
        scenario.Do(new EraseProposalImage(coordinator, new ProposalId(7), Proposals.ProposalImageTests.Picture(3).Image));

        // Arguments for and against: a name chosen with each resident's first one, an agreement, and one hidden by the
        // coordinator with its reason.
        scenario.Do(new PostArgument(Sample.Resident(2), new ProposalId(1), ArgumentSide.For, "Mijn kinderen steken hier elke ochtend over.", "Buur van het park"));
        scenario.Do(new PostArgument(Sample.Resident(3), new ProposalId(1), ArgumentSide.Against, "Drempels geven lawaai als de bus erover rijdt.", "Bospolderaar"));
        scenario.Do(new AgreeWithArgument(Sample.Resident(4), new ArgumentId(1)));
        scenario.Do(new PostArgument(Sample.Resident(2), new ProposalId(2), ArgumentSide.For, "Het pad is nu 's avonds echt te donker."));
        scenario.Do(new HideArgument(coordinator, new ArgumentId(2), "Noemt een buurman bij naam."));

        scenario.Do(new StartReview(coordinator));
        scenario.Do(new IssueVotingCodes(coordinator, [new ParticipantKey("code-0001"), new ParticipantKey("code-0002"), new ParticipantKey("code-0003")]));
        scenario.Do(new MarkFeasible(coordinator, new ProposalId(1), Money.FromEuros(19_500), "Inclusief bebording."));
        scenario.Do(new MarkFeasible(coordinator, new ProposalId(2), Money.FromEuros(24_500), null));
        scenario.Do(new MarkFeasible(coordinator, new ProposalId(3), Money.FromEuros(16_000), null));
        scenario.Do(new MarkFeasible(coordinator, new ProposalId(4), Money.FromEuros(9_000), null));
        scenario.Do(new MergeProposals(coordinator, new ProposalId(4), new ProposalId(2), "Zelfde park, zelfde lampen."));
        scenario.Do(new MarkInfeasible(coordinator, new ProposalId(5), "Het plein is te klein en een zwembad kost jaarlijks meer dan het budget."));
        scenario.Do(new MarkInfeasible(coordinator, new ProposalId(7), "Eerst overleg met de jongerenwerker."));
        scenario.Do(new MarkFeasible(coordinator, new ProposalId(7), Money.FromEuros(13_250), "Na overleg toch haalbaar."));
        scenario.Do(new OpenVoting(coordinator));

        int[][] patterns = [[1, 2], [2, 3], [1, 3, 7], [2], [], [3, 7], [1, 2, 7], [7]];
        for (var voter = 1; voter <= voters; voter++)
        {
            scenario.Vote(voter, patterns[voter % patterns.Length]);
        }

        for (var voter = 1; voter <= voters; voter += 5)
        {
            scenario.Vote(voter, 3);
        }

        // A voting evening: code-0001 voted online first, then on paper. The pile is typed twice by two coordinators;
        // one paper is spoiled, one disagreement is settled as the paper shows it and one set aside.
        var second = new ParticipantKey("coordinator-7c1d");
        scenario.Do(new CastBallot(new ParticipantKey("code-0001"), Sample.Approve(7), BallotChannel.LetterCode));
        scenario.Do(new OpenPaperBatch(coordinator, "Buurthuis De Esch, 12 maart, stapel 1"));
        PaperBallotMark[] typedFirst = [Paper("code-0001", 1, 2), Paper("code-0002", 3), PaperBallotMark.SpoiledPaper, Paper("code-0003", 1)];
        PaperBallotMark[] typedSecond = [Paper("code-0001", 1, 2), Paper("code-0002", 3, 7), PaperBallotMark.SpoiledPaper, Paper("code-0003", 2)];
        for (var position = 1; position <= typedFirst.Length; position++)
        {
            scenario.Do(new EnterPaperBallot(coordinator, 1, PaperEntryPass.First, position, typedFirst[position - 1]));
            scenario.Do(new EnterPaperBallot(second, 1, PaperEntryPass.Second, position, typedSecond[position - 1]));
        }

        scenario.Do(new FinishPaperEntry(coordinator, 1, PaperEntryPass.First));
        scenario.Do(new FinishPaperEntry(second, 1, PaperEntryPass.Second));
        scenario.Do(new ResolvePaperBallot(new ParticipantKey("coordinator-3e5b"), 1, 2, Paper("code-0002", 3), null));
        scenario.Do(new ResolvePaperBallot(new ParticipantKey("coordinator-3e5b"), 1, 4, null, "Twee vakjes aangekruist en weer doorgestreept."));
        scenario.Do(new CommitPaperBatch(coordinator, 1));

        scenario.Do(new CloseVoting(coordinator));

        // An auditor recounts from the ballots: the outcome the round published.
        scenario.Do(new RecordRecount(new ParticipantKey("auditor-0001"), BudgetRound.DetermineOutcome(scenario.State), scenario.State.Version));
        scenario.Do(new StartSpending(coordinator));

        // The money, under four eyes: spends recorded by one coordinator and approved or rejected by another, an
        // overrun with its reason, and progress for residents.
        var funded = scenario.State.Outcome!.Winners.First().Proposal;
        scenario.Do(new RecordSpend(coordinator, funded, Money.FromEuros(7_250), "Eerste termijn aannemer", "Stadsbeheer BV", "F-2026-0042", new DateOnly(2026, 3, 1), "DMS-88213"));
        scenario.Do(new ApproveSpend(second, 1));
        scenario.Do(new RecordSpend(coordinator, funded, Money.FromEuros(500), "Bebording", "Verkeersbord & Co", "VB-17", new DateOnly(2026, 3, 2), null));
        scenario.Do(new RejectSpend(second, 2, "Zit al in de eerste termijn."));
        scenario.Do(new ApproveOverrun(second, funded, Money.FromEuros(1_000), "Grondwerk bleek duurder."));
        scenario.Do(new ReportProgress(coordinator, funded, ProjectStatus.InProgress, 60, "Drempels liggen er"));
        scenario.Do(new ReportProgress(second, funded, ProjectStatus.Completed, 100, null));
        scenario.Do(new CloseRound(coordinator));
        scenario.Do(new SignOffAudit(
            new ParticipantKey("auditor-0001"),
            Audits.AuditVerdict.Findings,
            [new Audits.AuditFinding("Twee stemmen zijn binnen een seconde vervangen.", [1, 2])],
            scenario.State.Version,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        return scenario;
    }

    private static PaperBallotMark Paper(string code, params int[] proposals) => new(new ParticipantKey(code), Sample.Approve(proposals));
}
