namespace Buurtbudget.Api.VotingCodes;

/// <summary>Configuration section <c>VotingCodes</c>.</summary>
public sealed class VotingCodeOptions
{
    /// <summary>Where residents vote with a code, printed on every letter. Municipalities set their own; without
    /// one, the letter names this API's host with <c>/stemmen</c>.</summary>
    public Uri? VotingUrl { get; set; }
}
