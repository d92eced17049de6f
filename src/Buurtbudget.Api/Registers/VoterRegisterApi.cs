using System.Collections.Immutable;
using System.Globalization;
using Buurtbudget.Actors.Rounds;
using Buurtbudget.Api.Access;
using Buurtbudget.Api.Hosting;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Registers;

/// <param name="Voters">Keyed hashes of the people who may vote, as <c>buurtbudget register-hash</c> computes them.</param>
public sealed record VoterRegisterRequest(IReadOnlyList<string>? Voters);

public sealed record VoterRegisterDto(int Count, bool Required);

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

    private static async Task<Results<Ok<VoterRegisterDto>, ProblemHttpResult>> Import(RoundId roundId, VoterRegisterRequest request, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.Voters is null)
        {
            return Problems.Problems.From(context, RoundMapping.Missing("voters"));
        }

        var voters = ImmutableArray.CreateBuilder<ParticipantKey>(request.Voters.Count);
        for (var index = 0; index < request.Voters.Count; index++)
        {
            var text = request.Voters[index]?.Trim();
            if (text is not { Length: HashLength } || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return Problems.Problems.From(context, RoundMapping.Invalid(
                    string.Create(CultureInfo.InvariantCulture, $"voters[{index}]"), text, "a keyed hash of 43 base64url characters (buurtbudget register-hash)"));
            }

            voters.Add(new ParticipantKey(text));
        }

        var register = voters.MoveToImmutable();
        return await RoundAccess.AsCoordinatorAsync(
            context,
            grains.GetRoundGrain(roundId),
            adminMayToo: true,
            by => new ImportVoterRegister(by, register),
            result => TypedResults.Ok(Dto(result.Round)),
            cancellationToken);
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
        new(state.RegisteredVoters, state.Rules?.Eligibility?.RegisterRequired ?? false);
}
