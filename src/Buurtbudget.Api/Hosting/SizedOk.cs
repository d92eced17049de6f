using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Hosting;

/// <summary>A 200 answer with a small JSON body sent in one piece, with its length: the voting path's answers (a
/// ballot, a tally), which every resident's request waits for.
/// <para>Why not <see cref="Microsoft.AspNetCore.Http.HttpResults.Ok{TValue}"/>: it serializes into the response and
/// flushes, so the headers and body leave before the request ends, without a length, and the end of the chunked body
/// leaves in a second write when it does (two sends per answer, seen with <c>strace</c> on the node: the body, then
/// <c>0\r\n\r\n</c>). Each send is a system call and a packet that the kernel, a proxy and the client each handle.
/// Here the body is serialized first, its length set, and the whole answer left for the server to send once the
/// request ends: one send per ballot (counted with <c>perf stat</c> in the load test: 1.00 per ballot).</para>
/// <para>Only for answers known to be small: the body is held whole in memory before it is sent. Lists and exports
/// keep <c>Ok</c>, which streams.</para></summary>
internal sealed class SizedOk<TValue> : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TValue>, IContentTypeHttpResult, IEndpointMetadataProvider
    where TValue : notnull
{
    private const string JsonContentType = "application/json; charset=utf-8";

    internal SizedOk(TValue value) => Value = value;

    public TValue Value { get; }

    object IValueHttpResult.Value => Value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(Value, (JsonTypeInfo<TValue>)options.GetTypeInfo(typeof(TValue)));
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;

        // Written without a flush: the server sends headers and body together when the request ends.
        response.BodyWriter.Write(body);
        return Task.CompletedTask;
    }

    /// <summary>Tells the OpenAPI document what <c>Ok</c> would: 200 with <typeparamref name="TValue"/> as JSON.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), ["application/json"]));
    }
}

/// <summary>Makes <see cref="SizedOk{TValue}"/> answers, as <c>TypedResults.Ok</c> makes <c>Ok</c> ones.</summary>
internal static class SizedResults
{
    public static SizedOk<TValue> Ok<TValue>(TValue value)
        where TValue : notnull => new(value);
}
