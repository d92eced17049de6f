using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;

namespace Buurtbudget.Domain.Audits;

/// <summary>Closing the audit of a round: once, after the round is closed (the spending is part of what is audited).</summary>
internal static class AuditSignOffs
{
    public const int MaxFindings = 100;
    public const int FindingMaxLength = 4_000;

    public static Decision Decide(RoundState state, SignOffAudit command, DateTimeOffset now)
    {
        if (PhaseRules.Require(state, command, RoundPhase.Closed) is { } wrongPhase)
        {
            return Decision.Reject(wrongPhase);
        }

        if (state.Audit is { } done)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.AuditAlreadySignedOff, ("verdict", AuditVerdictNames.Of(done.Verdict)), ("at", done.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture))));
        }

        var findings = command.Findings.IsDefault ? [] : command.Findings;
        var verdictFits = command.Verdict == AuditVerdict.Approved ? findings.IsEmpty : findings.Length is >= 1 and <= MaxFindings;
        if (!Enum.IsDefined(command.Verdict) || !verdictFits)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.AuditVerdictFindings, ("verdict", AuditVerdictNames.Of(command.Verdict)), ("findings", findings.Length), ("max", MaxFindings)));
        }

        var checkedFindings = new AuditFinding[findings.Length];
        for (var i = 0; i < findings.Length; i++)
        {
            var finding = findings[i];
            if (TextRules.Check(finding.Text, $"findings[{i + 1}].text", 1, FindingMaxLength, multiline: true, out var text) is { } badText)
            {
                return Decision.Reject(badText);
            }

            var unknown = finding.Events.IsEmpty ? "-" : finding.Events.Where(sequence => sequence < 1 || sequence > state.Version).Select(sequence => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            if (unknown is not null)
            {
                return Decision.Reject(DomainError.Of(RoundErrors.AuditFindingEvent, ("finding", i + 1), ("sequence", unknown), ("last", state.Version)));
            }

            checkedFindings[i] = new AuditFinding(text, [.. finding.Events.Distinct().Order()]);
        }

        if (command.HeadSequence != state.Version)
        {
            return Decision.Reject(DomainError.Of(RoundErrors.AuditHeadMoved, ("seen", command.HeadSequence), ("head", state.Version)));
        }

        return Decision.Accept(new AuditSignedOff(command.Verdict, [.. checkedFindings], command.HeadSequence, command.HeadHash, command.By, now));
    }
}
