using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Development;

/// <param name="Description">Who this is, in the caller's language (Dutch unless English is asked for).</param>
public sealed record PersonaDto(string Name, string Role, IReadOnlyList<string> Districts, string Description);

/// <param name="ExpiresIn">Seconds, as in an OAuth token response (RFC 6749 §5.1).</param>
public sealed record PersonaTokenDto(string AccessToken, string TokenType, int ExpiresIn, PersonaDto Persona);

/// <summary>Development sign-in: the demo personas and a short-lived token for each, so that a front end or a demo
/// needs no identity provider. Anonymous by design, and therefore mapped only in the Development environment with
/// the development issuer enabled; anywhere else these routes do not exist, and the issuer's tokens are refused.</summary>
internal static class DevelopmentSignInApi
{
    /// <summary>Short: a browser demo asks again; the CLI's <c>token --persona</c> gives longer-lived ones.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    public static void MapDevelopmentSignInApi(this WebApplication app)
    {
        if (!DevelopmentIssuerHost.TryLoadKey(app, out var key))
        {
            return;
        }

        var issuer = new DevelopmentTokenIssuer(key, app.Services.GetRequiredService<TimeProvider>());

        var group = app.MapGroup("/api/dev/personas").WithTags("Development").AllowAnonymous();
        group.MapGet("", (HttpContext context) => TypedResults.Ok(DemoPersonas.All.Select(persona => ToDto(persona, context)).ToList()))
            .WithName("ListDemoPersonas")
            .WithSummary("The demo personas of the development issuer. Development only; anonymous by design.");
        group.MapPost("/{name}/token", Results<Ok<PersonaTokenDto>, ProblemHttpResult> (string name, HttpContext context) => DemoPersonas.TryFind(name, out var persona)
                ? TypedResults.Ok(new PersonaTokenDto(persona.CreateToken(issuer, TokenLifetime), "Bearer", (int)TokenLifetime.TotalSeconds, ToDto(persona, context)))
                : Problems.Problems.Of(context, Problems.ProblemCatalog.PersonaNotFound, ("persona", name)))
            .WithName("CreateDemoPersonaToken")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A one-hour access token for a demo persona from the development issuer. Development only; anonymous by design.");
    }

    private static PersonaDto ToDto(DemoPersona persona, HttpContext context) => new(
        persona.Name,
        persona.Role.ToName(),
        [.. persona.Districts.Select(district => district.Value)],
        ResponseLanguages.Preferred(context.Request) == ResponseLanguage.English ? persona.English : persona.Dutch);
}
