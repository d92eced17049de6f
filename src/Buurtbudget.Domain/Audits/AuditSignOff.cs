using System.Collections.Immutable;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Audits;

/// <summary>How an auditor closes the audit of a round.</summary>
public enum AuditVerdict
{
    /// <summary>Nothing found: the result follows from the ballots and the money went where the residents decided.</summary>
    Approved = 0,

    /// <summary>Closed with findings, each linked to the events it is about.</summary>
    Findings = 1,
}

/// <summary>The verdicts as the API and the texts name them.</summary>
public static class AuditVerdictNames
{
    public const string Approved = "approved";
    public const string Findings = "findings";

    public static string Of(AuditVerdict verdict) => verdict switch
    {
        AuditVerdict.Approved => Approved,
        AuditVerdict.Findings => Findings,
        _ => verdict.ToString(),
    };
}

/// <param name="Events">The sequences of the events the finding is about (at least one).</param>
public sealed record AuditFinding(string Text, ImmutableArray<long> Events)
{
    public ImmutableArray<long> Events { get; init; } = Events.IsDefault ? [] : Events;
}

/// <summary>A round's closed audit, as the round keeps it.</summary>
/// <param name="HeadSequence">The last event of the log the auditor signed off.</param>
/// <param name="HeadHash">That event's chain hash (lower-case hex): whoever holds it can later check that the log still
/// reaches it, so that no event before it was changed, dropped or cut off.</param>
public sealed record AuditSignOff(
    AuditVerdict Verdict,
    ImmutableArray<AuditFinding> Findings,
    long HeadSequence,
    string HeadHash,
    ParticipantKey By,
    DateTimeOffset At)
{
    public ImmutableArray<AuditFinding> Findings { get; init; } = Findings.IsDefault ? [] : Findings;
}
