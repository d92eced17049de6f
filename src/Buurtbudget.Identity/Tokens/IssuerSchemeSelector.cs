using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Buurtbudget.Identity.Development;
using Microsoft.AspNetCore.Http;

namespace Buurtbudget.Identity.Tokens;

/// <summary>The <c>ForwardDefaultSelector</c> of the <see cref="BearerSchemes.Bearer"/> policy scheme: picks the
/// handler by the token's <c>iss</c>, read without verifying anything. The chosen handler then verifies the issuer
/// with its own rules and keys, so a token that lies about its issuer only reaches a handler that refuses it.</summary>
public sealed class IssuerSchemeSelector
{
    private readonly string? _brokerIssuer;
    private readonly string? _staffInstance;
    private readonly bool _development;
    private readonly string _fallback;

    /// <param name="development">Whether the development scheme is registered: only in the Development
    /// environment. Without it no request is ever forwarded to it.</param>
    public IssuerSchemeSelector(TrustedIssuers issuers, bool development)
    {
        ArgumentNullException.ThrowIfNull(issuers);
        _brokerIssuer = issuers.Authority?.TrimEnd('/');
        _staffInstance = issuers.HasStaffTenant && !string.IsNullOrWhiteSpace(issuers.AzureAdInstance) ? TrustedIssuers.WithSlash(issuers.AzureAdInstance) : null;
        _development = development;
        // A token of no known issuer (or none at all) goes where it is refused with the usual challenge.
        _fallback = issuers.HasResidentBroker ? BearerSchemes.Resident
            : issuers.HasStaffTenant ? BearerSchemes.Staff
            : BearerSchemes.Development;
    }

    public string Select(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SchemeOf(UnverifiedIssuer(context.Request)) ?? _fallback;
    }

    /// <summary>Whether the request's token names an issuer that one of the schemes trusts (unverified: the scheme still
    /// checks it). A token of no known issuer only reaches the fallback scheme to be refused.</summary>
    public bool KnowsIssuerOf(HttpRequest request) => SchemeOf(UnverifiedIssuer(request)) is not null;

    /// <summary>The scheme whose issuer <paramref name="issuer"/> is; null for none (or no issuer).</summary>
    private string? SchemeOf(string? issuer)
    {
        if (issuer is null)
        {
            return null;
        }

        if (_development && string.Equals(issuer, DevelopmentTokenIssuer.Issuer, StringComparison.Ordinal))
        {
            return BearerSchemes.Development;
        }

        if (_brokerIssuer is not null && string.Equals(issuer.TrimEnd('/'), _brokerIssuer, StringComparison.Ordinal))
        {
            return BearerSchemes.Resident;
        }

        // Entra's v2.0 issuer is {instance}{tenant id}/v2.0 (the tenant's GUID even when configured by domain name).
        return _staffInstance is not null && issuer.StartsWith(_staffInstance, StringComparison.OrdinalIgnoreCase)
            ? BearerSchemes.Staff
            : null;
    }

    /// <summary>The <c>iss</c> of a single <c>Bearer</c> token no larger than the cap, or null. Reads only the
    /// payload's top-level properties, so the hot path pays one base64 decode, not a second token parse.</summary>
    internal static string? UnverifiedIssuer(HttpRequest request)
    {
        var headers = request.Headers.Authorization;
        if (headers.Count != 1 || headers[0] is not { } authorization
            || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || authorization.Length > TokenRules.MaximumTokenLength + "Bearer ".Length)
        {
            return null;
        }

        var token = authorization.AsSpan("Bearer ".Length).Trim();
        var firstDot = token.IndexOf('.');
        if (firstDot < 0)
        {
            return null;
        }

        var rest = token[(firstDot + 1)..];
        var secondDot = rest.IndexOf('.');
        var payload = secondDot < 0 ? rest : rest[..secondDot];
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(payload.Length));
        try
        {
            if (Base64Url.DecodeFromChars(payload, buffer, out _, out var written) != OperationStatus.Done)
            {
                return null;
            }

            return ReadIssuer(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? ReadIssuer(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isIssuer = reader.ValueTextEquals("iss"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isIssuer)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
