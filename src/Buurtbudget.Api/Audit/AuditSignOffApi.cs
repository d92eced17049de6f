using System.Collections.Immutable;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Domain.Audits;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Storage.Events;
using Buurtbudget.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Audit;

/// <param name="Verdict">"approved", or "findings" with at least one finding.</param>
public sealed record AuditSignOffRequest(string? Verdict, IReadOnlyList<AuditFindingDto>? Findings);

/// <param name="Events">The sequences of the events in the round's log that the finding is about.</param>
public sealed record AuditFindingDto(string? Text, IReadOnlyList<long>? Events);

/// <param name="HeadSequence">The last event of the log the auditor signed off; <see cref="HeadHash"/> is its chain
/// hash: the log must still reach it later.</param>
public sealed record AuditDto(
    bool SignedOff,
    string? Verdict,
    IReadOnlyList<AuditFindingDto> Findings,
    long? HeadSequence,
    string? HeadHash,
    DateTimeOffset? At);

/// <summary>The close of a round's audit: auditors sign it off, everyone signed in can read it.</summary>
internal static class AuditSignOffApi
{
    public static RouteGroupBuilder MapAuditSignOffApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds/{roundId}/audit").WithTags("Audit").RequireAuthorization(Policies.SignedIn);
        group.MapGet("", GetAudit).WithName("GetAudit").AllowPublicRead().ProducesProblems(404, 503)
            .WithSummary("The round's closed audit: the verdict, the findings with the events they are about, and the head of the log that was signed off. Anyone, without an account.");
        group.MapPost("/sign-off", SignOff).WithName("SignOffAudit").RequireAuthorization(Policies.Auditor).ProducesProblems(400, 404, 409, 422, 503)
            .WithSummary("Closes the audit of a closed round, approved or with findings linked to events, once; recorded in the log with the log's head. Auditors only.");
        return group;
    }

    private static async Task<Results<Ok<AuditDto>, ProblemHttpResult>> GetAudit(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(ToDto(state!.Audit));
    }

    private static async Task<Results<Ok<AuditDto>, ProblemHttpResult>> SignOff(
        RoundId roundId, AuditSignOffRequest request, IEventStore store, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (ToCommandParts(request, out var verdict, out var findings) is { } invalid)
        {
            return Problems.Problems.From(context, invalid);
        }

        var grain = grains.GetRoundGrain(roundId);
        var (_, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // The head the sign-off vouches for is the one the chain reaches as stored, checked link by link.
        var (_, head, broken) = await VerifiedLog.ReadAsync(store, roundId, context, cancellationToken);
        if (broken is not null)
        {
            return broken;
        }

        var command = new SignOffAudit(context.GetCaller().ParticipantKey, verdict, findings, head.Sequence, Convert.ToHexStringLower(head.Hash.Span));
        return await RoundAccess.SendAsync(context, grain, command, result => TypedResults.Ok(ToDto(result.Round.Audit)), cancellationToken);
    }

    private static Domain.Common.DomainError? ToCommandParts(AuditSignOffRequest request, out AuditVerdict verdict, out ImmutableArray<AuditFinding> findings)
    {
        findings = [];
        verdict = AuditVerdict.Approved;
        switch (request.Verdict)
        {
            case null:
                return Rounds.RoundMapping.Missing("verdict");
            case AuditVerdictNames.Approved:
                verdict = AuditVerdict.Approved;
                break;
            case AuditVerdictNames.Findings:
                verdict = AuditVerdict.Findings;
                break;
            default:
                return Rounds.RoundMapping.Invalid("verdict", request.Verdict, "approved, findings");
        }

        findings = [.. (request.Findings ?? []).Select(f => new AuditFinding(f.Text ?? "", [.. f.Events ?? []]))];
        return null;
    }

    private static AuditDto ToDto(AuditSignOff? audit) => audit is null
        ? new AuditDto(false, null, [], null, null, null)
        : new AuditDto(
            true,
            AuditVerdictNames.Of(audit.Verdict),
            [.. audit.Findings.Select(f => new AuditFindingDto(f.Text, [.. f.Events]))],
            audit.HeadSequence,
            audit.HeadHash,
            audit.At);
}
