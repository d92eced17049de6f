using System.Text.Json;
using Buurtbudget.Api.Problems;
using Buurtbudget.Storage.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Buurtbudget.Api.Tests.Errors;

/// <summary>Failures that pass are a 503 with a retry hint and their reason, never a 500: a storage outage, and in a
/// cluster a round whose silo just died (until the others declare it dead and the round moves).</summary>
public sealed class UnavailableExceptionHandlerTests
{
    public static TheoryData<Exception, string> Passing => new()
    {
        { new StorageUnavailableException("the disk is full"), "storage-unavailable" },
        { new SiloUnavailableException("the silo holding the round is gone"), "round-unreachable" },
        { new TimeoutException("Response did not arrive on time"), "round-unreachable" },
    };

    [Theory]
    [MemberData(nameof(Passing))]
    public async Task A_failure_that_passes_is_a_503_with_a_retry_hint_and_its_reason(Exception failure, string code)
    {
        var (context, body) = Request("nl");

        Assert.True(await new UnavailableExceptionHandler(NullLogger<UnavailableExceptionHandler>.Instance).TryHandleAsync(context, failure, CancellationToken.None));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(Problems.Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        using var problem = JsonDocument.Parse(body.ToArray());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Contains("opnieuw", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_failure_is_left_to_the_next_handler()
    {
        var (context, _) = Request("nl");

        Assert.False(await new UnavailableExceptionHandler(NullLogger<UnavailableExceptionHandler>.Instance)
            .TryHandleAsync(context, new InvalidOperationException("a bug"), CancellationToken.None));
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    private static (DefaultHttpContext Context, MemoryStream Body) Request(string language)
    {
        var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Path = "/api/rounds/019a8e3c-5a00-7000-8000-000000000001/ballot";
        context.Request.Headers.AcceptLanguage = language;
        context.Response.Body = body;
        return (context, body);
    }
}
