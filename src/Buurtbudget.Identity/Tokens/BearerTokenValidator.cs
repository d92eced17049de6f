using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Buurtbudget.Identity.Tokens;

/// <summary>Validates bearer tokens against the trusted issuers: the configured OpenID Connect provider
/// (issuer and signing keys from its discovery document, refreshed when it rolls its keys) and, in
/// Development, the development issuer. Each issuer's tokens are checked only with that issuer's keys.</summary>
public sealed partial class BearerTokenValidator : IDisposable
{
    /// <summary>Discovery and key documents are small and their providers fast; a hung provider must not hold requests for long.</summary>
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(30);

    private static readonly JsonWebTokenHandler Handler = new();

    private readonly TokenValidationParameters? _development;
    private readonly TokenValidationParameters? _provider;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _providerConfiguration;
    private readonly HttpClient? _backchannel;
    private readonly ILogger _logger;

    public BearerTokenValidator(BearerTokenOptions options, TimeProvider timeProvider, ILogger<BearerTokenValidator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _logger = logger ?? NullLogger<BearerTokenValidator>.Instance;

        if (options.Development.Enabled)
        {
            var directory = options.Development.KeyDirectory;
            var key = DevelopmentSigningKey.LoadOrCreate(string.IsNullOrWhiteSpace(directory) ? DevelopmentSigningKey.DefaultDirectory() : directory);
            _development = TokenRules.BaseParameters(timeProvider);
            _development.ValidIssuer = DevelopmentTokenIssuer.Issuer;
            _development.ValidAudience = DevelopmentTokenIssuer.Audience;
            _development.IssuerSigningKey = key.ValidationKey;
        }

        var metadataAddress = options.ResolveMetadataAddress();
        if (metadataAddress is not null)
        {
            _backchannel = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = MetadataTimeout,
                MaxResponseContentBufferSize = 1024 * 1024,
            };
            var documents = new HttpDocumentRetriever(_backchannel) { RequireHttps = options.RequireHttpsMetadata };
            _providerConfiguration = new ConfigurationManager<OpenIdConnectConfiguration>(
                metadataAddress.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), documents);
            _provider = TokenRules.BaseParameters(timeProvider);
            _provider.ValidAudiences = options.ResolveAudiences();
            // The issuer and signing keys come from the discovery document; the library asks for a refresh
            // when a token names a key it does not know, which is how a provider's key rollover arrives.
            _provider.ConfigurationManager = _providerConfiguration;
        }

        if (_development is null && _provider is null)
        {
            throw new ArgumentException("No issuer to trust: set an authority or enable the development issuer.", nameof(options));
        }
    }

    public async Task<BearerTokenValidation> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);

        if (token.Length > TokenRules.MaximumTokenLength)
        {
            return BearerTokenValidation.Rejected(TokenRejection.TooLarge);
        }

        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return BearerTokenValidation.Rejected(TokenRejection.Malformed);
        }

        if (!TokenRules.HasNumericTimes(jwt))
        {
            return BearerTokenValidation.Rejected(TokenRejection.Malformed);
        }

        // Checked up front as well as by the library, which reports a refused algorithm as a bad signature.
        if (!TokenRules.AcceptedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return BearerTokenValidation.Rejected(TokenRejection.DisallowedAlgorithm);
        }

        // Refused whoever signed it: an ID token is proof of a sign-in for a client, not access to this API.
        if (TokenRules.IsIdToken(jwt))
        {
            return BearerTokenValidation.Rejected(TokenRejection.IdToken);
        }

        // The unverified issuer only picks which issuer's rules and keys apply; the chosen rules then verify it.
        TokenValidationParameters parameters;
        if (_development is not null && string.Equals(jwt.Issuer, DevelopmentTokenIssuer.Issuer, StringComparison.Ordinal))
        {
            parameters = _development;
        }
        else if (_provider is not null && _providerConfiguration is not null)
        {
            if (!await ProviderIsReachableAsync(_providerConfiguration, cancellationToken))
            {
                return BearerTokenValidation.Rejected(TokenRejection.ProviderUnavailable);
            }

            parameters = _provider;
        }
        else
        {
            return BearerTokenValidation.Rejected(TokenRejection.WrongIssuer);
        }

        // The library records refresh state on the parameters it is given: each validation gets its own copy.
        var result = await Handler.ValidateTokenAsync(jwt, parameters.Clone());
        if (!result.IsValid)
        {
            return BearerTokenValidation.Rejected(TokenRejections.FromException(result.Exception));
        }

        var subject = result.ClaimsIdentity.FindFirst(CallerClaimTypes.Subject)?.Value;
        return string.IsNullOrWhiteSpace(subject)
            ? BearerTokenValidation.Rejected(TokenRejection.MissingSubject)
            : BearerTokenValidation.Accepted(result.ClaimsIdentity);
    }

    public void Dispose() => _backchannel?.Dispose();

    private async Task<bool> ProviderIsReachableAsync(ConfigurationManager<OpenIdConnectConfiguration> configuration, CancellationToken cancellationToken)
    {
        try
        {
            // Cached after the first fetch; fetching here tells "provider down" apart from "bad token",
            // which the library would otherwise report as an untrusted issuer.
            await configuration.GetConfigurationAsync(cancellationToken);
            return true;
        }
        catch (InvalidOperationException ex)
        {
            LogProviderUnavailable(_logger, configuration.MetadataAddress, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The identity provider's configuration could not be retrieved from {MetadataAddress}")]
    private static partial void LogProviderUnavailable(ILogger logger, string metadataAddress, Exception exception);
}

/// <summary>The outcome of validating one token: the verified identity, or why it was refused.</summary>
public sealed class BearerTokenValidation
{
    private BearerTokenValidation(ClaimsIdentity? identity, TokenRejection rejection)
    {
        Identity = identity;
        Rejection = rejection;
    }

    public ClaimsIdentity? Identity { get; }

    /// <summary>Meaningful only when <see cref="Succeeded"/> is false.</summary>
    public TokenRejection Rejection { get; }

    [MemberNotNullWhen(true, nameof(Identity))]
    public bool Succeeded => Identity is not null;

    public static BearerTokenValidation Accepted(ClaimsIdentity identity) =>
        new(identity ?? throw new ArgumentNullException(nameof(identity)), TokenRejection.Invalid);

    public static BearerTokenValidation Rejected(TokenRejection rejection) => new(null, rejection);

    public override string ToString() => Succeeded ? "accepted" : $"rejected: {Rejection}";
}
