using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Buurtbudget.Identity.Callers;

/// <summary>The caller holds <see cref="Role"/> after the role map, not merely a claim of that name.</summary>
public sealed class CallerRoleRequirement(Role role) : IAuthorizationRequirement
{
    public Role Role { get; } = role;

    public override string ToString() => $"The caller must hold the role '{Role.ToName()}'.";
}

public sealed class CallerRoleAuthorizationHandler(CallerFactory callers) : AuthorizationHandler<CallerRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRoleRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.User.Identities.Any(identity => identity.IsAuthenticated))
        {
            // Endpoint routing hands over the HttpContext: reuse the request's caller rather than build another.
            var caller = context.Resource is HttpContext httpContext ? httpContext.GetCaller() : callers.Create(context.User);
            if (caller.HasRole(requirement.Role))
            {
                context.Succeed(requirement);
            }
        }

        return Task.CompletedTask;
    }
}
