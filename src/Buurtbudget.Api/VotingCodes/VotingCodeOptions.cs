using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.VotingCodes;

/// <summary>Configuration section <c>VotingCodes</c>.</summary>
public sealed class VotingCodeOptions
{
    public const string SectionName = "VotingCodes";

    /// <summary>Where residents vote with a code, printed on every letter. Municipalities set their own; without
    /// one, the letter names the host the request for the letters came to, with <c>/rondes/{id}/stemcode</c>: in
    /// Development only, or where <c>AllowedHosts</c> limits which host that can be.</summary>
    public Uri? VotingUrl { get; set; }
}

/// <summary>Outside Development the address on the letters must not come from a request's Host header, which any
/// client (or a misconfigured proxy) chooses: letters printed by the thousand would send residents to whatever host
/// the request named. So either the address is configured, or AllowedHosts names this platform's hosts.</summary>
internal sealed class VotingCodeOptionsValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<VotingCodeOptions>
{
    public ValidateOptionsResult Validate(string? name, VotingCodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.VotingUrl is { } url)
        {
            return url.IsAbsoluteUri && (string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal) || string.Equals(url.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal))
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{VotingCodeOptions.SectionName}:VotingUrl is '{url}', not an absolute http(s) address. Set the address printed on the letters, e.g. https://stem.rotterdam.nl/buurtbudget.");
        }

        var allowedHosts = configuration["AllowedHosts"];
        if (environment.IsDevelopment() || !(string.IsNullOrWhiteSpace(allowedHosts) || allowedHosts.Split(';').Any(host => string.Equals(host.Trim(), "*", StringComparison.Ordinal))))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"{VotingCodeOptions.SectionName}:VotingUrl is not set, so voting-code letters would print an address taken from the request's Host header, "
            + "which any client can choose, and AllowedHosts is '*'. Outside Development set VotingCodes:VotingUrl to the address on the letters "
            + "(e.g. https://stem.rotterdam.nl/buurtbudget), or set AllowedHosts to this platform's host names.");
    }
}
