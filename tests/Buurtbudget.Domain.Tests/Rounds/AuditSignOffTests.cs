using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Tests.Rounds;

public class AuditSignOffTests
{
    private static readonly ParticipantKey Auditor = new("auditor-51c0");
    private const string Head = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public void A_closed_round_is_signed_off_approved_once_with_the_head_of_its_log()
    {
        var scenario = Closed();
        var head = scenario.State.Version;

        var signed = Assert.IsType<AuditSignedOff>(Assert.Single(scenario.Do(new SignOffAudit(Auditor, AuditVerdict.Approved, [], head, Head))));

        Assert.Equal((AuditVerdict.Approved, head, Head), (signed.Verdict, signed.HeadSequence, signed.HeadHash));
        Assert.Equal(AuditVerdict.Approved, scenario.State.Audit!.Verdict);
        var again = scenario.Refused(new SignOffAudit(Auditor, AuditVerdict.Approved, [], scenario.State.Version, Head), RoundErrors.AuditAlreadySignedOff);
        Assert.Equal("approved", again["verdict"]);
    }

    [Fact]
    public void Findings_are_kept_with_their_text_trimmed_and_their_events_in_order()
    {
        var scenario = Closed();
        var finding = new AuditFinding("  Stem 3 is na sluitingstijd geteld.  ", [5, 3, 5]);

        scenario.Do(new SignOffAudit(Auditor, AuditVerdict.Findings, [finding], scenario.State.Version, Head));

        var kept = Assert.Single(scenario.State.Audit!.Findings);
        Assert.Equal("Stem 3 is na sluitingstijd geteld.", kept.Text);
        Assert.Equal([3L, 5L], kept.Events.ToArray());
    }

    [Fact]
    public void Each_way_of_signing_off_wrongly_is_refused_with_its_reason()
    {
        var scenario = Closed();
        var head = scenario.State.Version;
        AuditFinding Linked(params long[] events) => new("Bevinding", [.. events]);

        scenario.Refused(new SignOffAudit(Auditor, AuditVerdict.Approved, [Linked(1)], head, Head), RoundErrors.AuditVerdictFindings);
        scenario.Refused(new SignOffAudit(Auditor, AuditVerdict.Findings, [], head, Head), RoundErrors.AuditVerdictFindings);
        scenario.Refused(new SignOffAudit(Auditor, AuditVerdict.Findings, [.. Enumerable.Repeat(Linked(1), 101)], head, Head), RoundErrors.AuditVerdictFindings);
        Assert.Equal("-", scenario.Refused(new SignOffAudit(Auditor, AuditVerdict.Findings, [Linked()], head, Head), RoundErrors.AuditFindingEvent)["sequence"]);
        Assert.Equal((head + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            scenario.Refused(new SignOffAudit(Auditor, AuditVerdict.Findings, [Linked(1, head + 1)], head, Head), RoundErrors.AuditFindingEvent)["sequence"]);
        scenario.Refused(new SignOffAudit(Auditor, AuditVerdict.Findings, [new AuditFinding(" ", [1])], head, Head), RoundErrors.InvalidText);
        scenario.Refused(new SignOffAudit(Auditor, AuditVerdict.Approved, [], head - 1, Head), RoundErrors.AuditHeadMoved);
        Assert.Null(scenario.State.Audit);
    }

    [Fact]
    public void A_round_that_is_not_closed_cannot_be_signed_off()
    {
        var scenario = RoundScenario.InVoting(null, 10_000);

        scenario.Refused(new SignOffAudit(Auditor, AuditVerdict.Approved, [], scenario.State.Version, Head), RoundErrors.WrongPhase);
    }

    [Fact]
    public void A_signed_off_audit_survives_a_snapshot()
    {
        var scenario = Closed();
        scenario.Do(new SignOffAudit(Auditor, AuditVerdict.Findings, [new AuditFinding("Factuur ontbreekt.", [2])], scenario.State.Version, Head));

        StructuralEquality.AssertEqual(scenario.State, RoundSnapshotCodec.Decode(RoundSnapshotCodec.Encode(scenario.State)));
    }

    private static RoundScenario Closed()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000);
        scenario.Vote(1, 1);
        scenario.Vote(2, 2);
        scenario.Do(new CloseVoting(Sample.Coordinator));
        scenario.Do(new StartSpending(Sample.Coordinator));
        scenario.Do(new CloseRound(Sample.Coordinator));
        return scenario;
    }
}
