using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Buurtbudget.Api.Problems;

/// <summary>Optional whole numbers in the query string (a page's <c>after</c> and <c>limit</c>), read by the platform
/// itself. The endpoints are source-generated (the Request Delegate Generator), and for an optional number that does
/// not parse the generated code sets a bare 400, with no exception for <see cref="BadRequestExceptionHandler"/> to put
/// into words. So these arrive as text, and a malformed one gets the same <c>invalid-value</c> problem as any other
/// value in the address. <c>GeneratedEndpointsTests</c> keeps new optional numbers from taking the generator's way.</summary>
internal static class QueryNumbers
{
    /// <summary>What a whole number in the address may be, as the problem's <c>allowed</c> says it.</summary>
    public const string WholeNumbers = "0, 1, 2, …";

    /// <summary>Reads <paramref name="text"/> (null when the query leaves <paramref name="field"/> out) as a whole
    /// number, or gives the problem that names the field and the value.</summary>
    public static bool TryRead<T>(HttpContext context, string field, string? text, out T? value, [NotNullWhen(false)] out ProblemHttpResult? problem)
        where T : struct, IBinaryInteger<T>
    {
        problem = null;
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (T.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = Problems.Of(context, ProblemCatalog.InvalidValue, ("field", field), ("value", text), ("allowed", WholeNumbers));
        return false;
    }
}
