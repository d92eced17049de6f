using System.Collections.Immutable;
using System.Globalization;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Hosting;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Participants;
using Buurtbudget.Storage.VotingCodes;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Registers;

/// <param name="Voters">Keyed hashes of the people who may vote, as <c>buurtbudget register-hash</c> computes them.</param>
/// <param name="Entries">Instead of <paramref name="Voters"/>: one entry per person, as <c>buurtbudget register-hash
/// --letters</c> computes them, binding the letter code printed for the person to their sign-in key, so that a ballot by
/// code and one after signing in are the same person's one ballot.</param>
public sealed record VoterRegisterRequest(IReadOnlyList<string>? Voters, IReadOnlyList<VoterRegisterEntryDto>? Entries = null);

/// <param name="Person">The keyed hash of the person's sign-in identity.</param>
/// <param name="Code">The keyed hash of their letter code in this round; leave out when no letter is sent.</param>
/// <param name="CodeIndex">The code's keyed hash in the voting-code index (so that the code alone finds this round);
/// given together with <paramref name="Code"/>.</param>
public sealed record VoterRegisterEntryDto(string? Person, string? Code = null, string? CodeIndex = null);

/// <param name="LetterCodes">How many of the people have a letter code bound to them.</param>
public sealed record VoterRegisterDto(int Count, bool Required, int LetterCodes = 0);

/// <summary>A round's voter register (issue: "an imported voter register of keyed hashes"): the municipality
/// computes the keyed hash of every eligible person's sign-in identity with the platform's key, and the wijk's
/// coordinator imports the list before voting opens. Nobody can read the hashes back; staff see how many there are.</summary>
internal static class VoterRegisterApi
{
    /// <summary>500,000 hashes of 43 characters, quoted and separated, with room to spare.</summary>
    public const long MaxBodyBytes = 32 * 1024 * 1024;

    /// <summary>HMAC-SHA256 in unpadded base64url: 43 characters.</summary>
    private const int HashLength = 43;

    public static void MapVoterRegisterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds/{roundId}/voter-register").WithTags("Eligibility");
        group.MapPut("", Import).WithName("ImportVoterRegister").RequireAuthorization(ApiPolicies.RunRound).ProducesProblems(400, 403, 404, 409, 422, 503)
            .WithMetadata(new RequestBodyLimit(MaxBodyBytes))
            .WithSummary("Replaces the round's voter register (keyed hashes) until voting opens. The wijk's coordinators and admins.");
        group.MapGet("", Read).WithName("GetVoterRegister").RequireAuthorization(Policies.SignedIn).ProducesProblems(403, 404, 503)
            .WithSummary("How many people the register holds and whether the rules require it. The wijk's coordinators, admins and auditors.");
    }

    private static async Task<Results<Ok<VoterRegisterDto>, ProblemHttpResult>> Import(
        RoundId roundId, VoterRegisterRequest request, IGrainFactory grains, IVotingCodeIndex codeIndex, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.Voters is null && request.Entries is null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing("voters"));
        }

        if (request.Voters is not null && request.Entries is not null)
        {
            return Problems.Problems.From(context, RoundMapping.Invalid("entries", "voters and entries", "either voters or entries, not both"));
        }

        var voters = ImmutableArray.CreateBuilder<ParticipantKey>();
        var codes = ImmutableArray.CreateBuilder<CodeBinding>();
        var indexKeys = new List<string>();
        if (request.Voters is { } plain)
        {
            for (var index = 0; index < plain.Count; index++)
            {
                var (voter, error) = Hash(plain[index], Field("voters", index, null));
                if (error is not null)
                {
                    return Problems.Problems.From(context, error);
                }

                voters.Add(voter!.Value);
            }
        }
        else
        {
            var entries = request.Entries!;
            for (var index = 0; index < entries.Count; index++)
            {
                var entry = entries[index];
                var (person, error) = Hash(entry?.Person, Field("entries", index, "person"));
                if (error is not null)
                {
                    return Problems.Problems.From(context, error);
                }

                voters.Add(person!.Value);
                if (entry!.Code is null && entry.CodeIndex is null)
                {
                    continue;
                }

                var (code, codeError) = Hash(entry.Code, Field("entries", index, "code"));
                var (indexKey, indexError) = Hash(entry.CodeIndex, Field("entries", index, "codeIndex"));
                if ((codeError ?? indexError) is { } bad)
                {
                    return Problems.Problems.From(context, bad);
                }

                codes.Add(new CodeBinding(code!.Value, person.Value));
                indexKeys.Add(indexKey!.Value.Value);
            }
        }

        var register = voters.ToImmutable();
        var bindings = codes.Count == 0 ? default : codes.ToImmutable();
        var grain = grains.GetRoundGrain(roundId);
        if (indexKeys.Count > 0)
        {
            // As for a batch the platform issues: indexed first, so that a printed code finds its round. Should the round
            // refuse the register, the index points at a round that does not know these codes, which that round answers
            // as it answers any unknown code. Only a coordinator of the round may add to the index.
            var (state, problem) = await RoundAccess.LoadAsync(context, grain, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (RoundAccess.RequireCoordinatorOf(context, context.GetCaller(), state!, adminMayToo: true) is { } forbidden)
            {
                return forbidden;
            }

            await codeIndex.AddVotingCodesAsync(roundId, indexKeys, cancellationToken);
        }

        return await RoundAccess.AsCoordinatorAsync(
            context,
            grain,
            adminMayToo: true,
            by => new ImportVoterRegister(by, register, bindings),
            result => TypedResults.Ok(Dto(result.Round)),
            cancellationToken);
    }

    private static string Field(string list, int index, string? member) =>
        member is null
            ? string.Create(CultureInfo.InvariantCulture, $"{list}[{index}]")
            : string.Create(CultureInfo.InvariantCulture, $"{list}[{index}].{member}");

    /// <summary>One keyed hash of the upload, or the problem to answer, naming the field.</summary>
    private static (ParticipantKey? Key, DomainError? Error) Hash(string? value, string field)
    {
        var text = value?.Trim();
        return text is { Length: HashLength } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? (new ParticipantKey(text), null)
            : (null, RoundMapping.Invalid(field, text, "a keyed hash of 43 base64url characters (buurtbudget register-hash)"));
    }

    private static async Task<Results<Ok<VoterRegisterDto>, ProblemHttpResult>> Read(RoundId roundId, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        var (state, problem) = await RoundAccess.LoadAsync(context, grains.GetRoundGrain(roundId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.GetCaller();
        if (!caller.IsAuditor && RoundAccess.RequireCoordinatorOf(context, caller, state!, adminMayToo: true) is { } forbidden)
        {
            return forbidden;
        }

        return TypedResults.Ok(Dto(state!));
    }

    private static VoterRegisterDto Dto(RoundOverview state) =>
        new(state.RegisteredVoters, state.Rules?.Eligibility?.RegisterRequired ?? false, state.RegisterLetterCodes);
}
