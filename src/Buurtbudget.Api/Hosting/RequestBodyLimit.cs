using Microsoft.AspNetCore.Http.Metadata;

namespace Buurtbudget.Api.Hosting;

/// <summary>Endpoint metadata that lifts <see cref="RequestSizeLimit"/> for the few endpoints that take files.</summary>
internal sealed class RequestBodyLimit(long maxBytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = maxBytes;
}
