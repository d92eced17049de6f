namespace Buurtbudget.Api.Hosting;

/// <summary>Headers every response carries, whatever wrote it (an endpoint, a problem, a file, the health checks,
/// the OpenAPI document): <c>X-Content-Type-Options: nosniff</c>, so that no browser runs a CSV or JSON answer as a
/// script or page; and, where the response set no policy of its own (the web client's pages and the development
/// sign-in set theirs), a Content-Security-Policy that lets nothing load, frame or submit. Outside Development HTTPS
/// answers carry HSTS. Set when the response starts, so that the exception handler's clearing of headers cannot
/// drop them.</summary>
internal static class SecurityHeaders
{
    /// <summary>For what the API answers itself: data, never a page that needs to load anything.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // HSTS only on HTTPS requests, as the standard says; behind a proxy that ends TLS the scheme comes from
        // X-Forwarded-Proto (from trusted proxies only), see ForwardedClients.
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = ApiPolicy;
                }

                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }
}
