using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Buurtbudget.Domain.Common;
using Buurtbudget.Identity.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Buurtbudget.Api.Problems;

/// <summary>Builds RFC 9457 problem details from an error code: stable type URI, texts in the caller's language,
/// and the code and arguments as extensions so that clients can act on them without parsing text.</summary>
internal static partial class Problems
{
    /// <summary>Seconds a client should wait before retrying after a storage fault.</summary>
    public const int RetryAfterSeconds = 2;

    public static ProblemHttpResult From(HttpContext context, DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Result(Build(context, error.Code, error.Arguments));
    }

    public static ProblemHttpResult Of(HttpContext context, string code, params (string Name, object? Value)[] arguments) =>
        From(context, DomainError.Of(code, arguments));

    public static ProblemHttpResult StorageUnavailable(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Of(context, ProblemCatalog.StorageUnavailable);
    }

    public static ProblemDetails Build(HttpContext context, string code, IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = ProblemCatalog.For(code);
        var english = ResponseLanguages.Preferred(context.Request) == ResponseLanguage.English;
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        var values = new Dictionary<string, string>(arguments, StringComparer.Ordinal) { ["traceId"] = traceId };
        if (values.TryGetValue("reason", out var reason))
        {
            values["reason"] = Fill(ProblemCatalog.Reason(reason, english), values);
        }

        var problem = new ProblemDetails
        {
            Type = ProblemCatalog.TypeBase + (ProblemCatalog.Knows(code) ? code : ProblemCatalog.InternalError),
            Title = english ? text.TitleEn : text.TitleNl,
            Status = text.Status,
            Detail = Fill(english ? text.DetailEn : text.DetailNl, values),
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = code;
        if (arguments.Count > 0)
        {
            problem.Extensions["arguments"] = arguments;
        }

        problem.Extensions["traceId"] = traceId;
        Hosting.Logging.NoteProblem(context, problem.Type);
        return problem;
    }

    /// <summary>A problem's title and detail in one language, for an answer that is not problem details (an HTML page).</summary>
    public static (string Title, string Detail) Describe(string code, ResponseLanguage language, params (string Name, string Value)[] arguments)
    {
        var text = ProblemCatalog.For(code);
        var values = arguments.ToDictionary(argument => argument.Name, argument => argument.Value, StringComparer.Ordinal);
        return language == ResponseLanguage.English
            ? (text.TitleEn, Fill(text.DetailEn, values))
            : (text.TitleNl, Fill(text.DetailNl, values));
    }

    private static ProblemHttpResult Result(ProblemDetails problem) =>
        TypedResults.Problem(problem);

    private static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, match => values.TryGetValue(match.Groups["name"].Value, out var value) ? value : match.Value);

    [GeneratedRegex(@"\{(?<name>[a-zA-Z]+)\}", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Placeholder();
}
