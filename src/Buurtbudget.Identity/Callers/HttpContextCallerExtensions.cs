using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Buurtbudget.Identity.Callers;

public static class HttpContextCallerExtensions
{
    private static readonly object CallerKey = new();

    /// <summary>The request's caller, read from the claims once per request. Throws when the request is
    /// anonymous: the endpoint forgot to require <see cref="Policies.SignedIn"/> or a role policy.</summary>
    public static Caller GetCaller(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Items.TryGetValue(CallerKey, out var cached) && cached is Caller caller)
        {
            return caller;
        }

        caller = httpContext.RequestServices.GetRequiredService<CallerFactory>().Create(httpContext.User);
        httpContext.Items[CallerKey] = caller;
        return caller;
    }

    /// <summary>For endpoints open to everyone that behave differently for a signed-in caller.</summary>
    public static bool TryGetCaller(this HttpContext httpContext, [NotNullWhen(true)] out Caller? caller)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var authenticated = httpContext.User.Identities.Any(identity => identity.IsAuthenticated);
        caller = authenticated ? httpContext.GetCaller() : null;
        return caller is not null;
    }
}
