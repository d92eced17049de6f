using Buurtbudget.Api.Development;
using Buurtbudget.Identity.Tokens;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.WebClient;

/// <summary>Serves the built web client (<c>WebClient:Root</c>) beside the API: its files, and its index.html for any
/// other GET outside the API's own prefixes, so that a deep link such as /rondes/{id} opens the client. Without a
/// root, the API runs alone.</summary>
internal static partial class WebClientHosting
{
    /// <summary>Paths the client never answers: a GET there that matches nothing stays a 404 problem.</summary>
    private static readonly string[] ServerPrefixes = ["/api", "/dev", "/health", "/openapi"];

    /// <summary>Vite puts a content hash in every file name under /assets, so a file there never changes.</summary>
    private const string ImmutableCache = "public, max-age=31536000, immutable";

    public static IServiceCollection AddWebClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebClientOptions>().Bind(configuration.GetSection(WebClientOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebClientOptions>, WebClientOptionsValidator>();
        services.AddOptions<MunicipalityOptions>().Bind(configuration.GetSection(MunicipalityOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MunicipalityOptions>, MunicipalityOptionsValidator>();
        services.AddOptions<MapOptions>().Bind(configuration.GetSection(MapOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MapOptions>, MapOptionsValidator>();
        return services;
    }

    /// <summary>After routing, so that only requests no endpoint matched reach the client.</summary>
    public static WebApplication UseWebClient(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WebClientOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.Root))
        {
            return app;
        }

        var root = Path.GetFullPath(options.Root);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            LogRootMissing(app.Logger, root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        var issuers = app.Services.GetRequiredService<IOptions<TrustedIssuers>>().Value;
        var authority = WebClientApi.FixedAuthority(options, issuers, DevelopmentIssuerHost.IsEnabled(app.Environment, app.Services));
        var map = app.Services.GetRequiredService<IOptions<MapOptions>>().Value;
        var policy = ContentSecurityPolicy(authority, map.TileOrigin());
        app.UseWhen(context => context.GetEndpoint() is null && IsClientPath(context.Request.Path), client =>
        {
            client.Use((context, next) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                return next(context);
            });
            if (!app.Environment.IsDevelopment())
            {
                // A source map gives away the client's source and comments; outside Development it stays a 404.
                client.Use((context, next) =>
                {
                    if (context.Request.Path.Value?.EndsWith(".map", StringComparison.OrdinalIgnoreCase) != true)
                    {
                        return next(context);
                    }

                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            }

            client.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = file => file.Context.Response.Headers.CacheControl =
                    file.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal) ? ImmutableCache : "no-cache",
            });
            client.Use((context, next) => IsClientRoute(context.Request) ? SendIndexAsync(context, files) : next(context));
        });
        return app;
    }

    /// <summary>Only 'self' for scripts and styles: the build has no inline script or style element, and React sets
    /// style attributes through the DOM, which CSP allows. Images also from data: URLs (the design system's icons
    /// are inlined SVG), blob: URLs (the preview of a picture a resident chose, before it is sent) and the configured map
    /// tiles' origin, for images only. The API is 'self'; the sign-in provider is added when it is elsewhere.</summary>
    public static string ContentSecurityPolicy(string? authority, string? tileOrigin = null)
    {
        var provider = Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        var tiles = Uri.TryCreate(tileOrigin, UriKind.Absolute, out var tileUri) ? " " + tileUri.GetLeftPart(UriPartial.Authority) : "";
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:{tiles}; font-src 'self'; " +
            $"connect-src 'self'{provider}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
    }

    private static bool IsClientPath(PathString path) =>
        !ServerPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>A GET for a page of the client: not a missing file (an asset or anything with an extension), which
    /// must stay a 404 rather than become a page.</summary>
    private static bool IsClientRoute(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        !request.Path.StartsWithSegments("/assets", StringComparison.Ordinal) &&
        !Path.HasExtension(request.Path.Value);

    private static async Task SendIndexAsync(HttpContext context, IFileProvider files)
    {
        var index = files.GetFileInfo("index.html");
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        if (OpenGraph.IsSharedPage(context.Request.Path))
        {
            // A shared link's preview: the page's own title and Open Graph tags, for crawlers that run no script.
            string html;
            await using (var stream = index.CreateReadStream())
            using (var reader = new StreamReader(stream, System.Text.Encoding.UTF8))
            {
                html = OpenGraph.Render(await reader.ReadToEndAsync(context.RequestAborted), await OpenGraph.ForAsync(context));
            }

            var bytes = System.Text.Encoding.UTF8.GetBytes(html);
            context.Response.ContentLength = bytes.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            }

            return;
        }

        context.Response.ContentLength = index.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.SendFileAsync(index, context.RequestAborted);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebClient:Root {WebClientRoot} holds no index.html; the API runs without the web client. Build it with npm run build in src/Buurtbudget.Web.")]
    private static partial void LogRootMissing(ILogger logger, string webClientRoot);
}
