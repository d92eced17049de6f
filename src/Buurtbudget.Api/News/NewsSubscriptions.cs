using System.Globalization;
using System.Security.Cryptography;
using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Storage.News;
using MimeKit;

namespace Buurtbudget.Api.News;

/// <summary>Making a subscription from what a resident typed: the address checked and normalised, sealed, and found
/// again by its keyed hash; the confirmation request queued with it. Personal data stays inside: what leaves is the
/// subscription's id, the wijk and whether it is confirmed.</summary>
internal sealed class NewsSubscriptions(INewsStore store, NewsKeys keys, TimeProvider time)
{
    public const int MaxAddressLength = 254;

    /// <summary>A second request for the same address within this time sends no second confirmation mail, so that
    /// nobody can use the form to flood someone's mailbox.</summary>
    private static readonly TimeSpan ConfirmationInterval = TimeSpan.FromHours(1);

    public static bool IsId(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>The address as stored, or null when it cannot be an e-mail address.</summary>
    public static string? Normalise(string? typed)
    {
        var address = typed?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > MaxAddressLength || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || address.IndexOf('@', StringComparison.Ordinal) is var at && (at < 1 || at != address.LastIndexOf('@') || at == address.Length - 1)
            || !address[(at + 1)..].Contains('.', StringComparison.Ordinal)
            || !MailboxAddress.TryParse(address, out var parsed) || !string.Equals(parsed.Address, address, StringComparison.Ordinal))
        {
            return null;
        }

        // Mail servers treat the domain case-insensitively and, in practice, the local part too.
        return address.ToLowerInvariant();
    }

    /// <summary>Stores the subscription (or finds the one of the same address and wijk) and queues the request to
    /// confirm it, unless it is confirmed already or a request went out within the hour (the form must not flood a mailbox).</summary>
    public async Task<NewsSubscription> SubscribeAsync(DistrictCode district, string normalisedAddress, string language, ParticipantKey? participant, NewsFacts facts, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        var candidate = new NewsSubscription(id, district, keys.LookupKey(district.Value + "\n" + normalisedAddress), keys.Seal(normalisedAddress, id), language, participant, now, ConfirmedAt: null);
        return await store.SubscribeAsync(
            candidate,
            stored => stored.IsConfirmed || stored.ConfirmationRequestedAt > now - ConfirmationInterval
                ? null
                : new NewNewsMessage(stored.Id, string.Create(CultureInfo.InvariantCulture, $"{NewsKind.Confirm}:{stored.Id}:{now.UtcTicks}"), NewsKind.Confirm, facts.ToJson(), now),
            cancellationToken);
    }

    /// <summary>The address with most of its local part hidden, for a resident's own list: enough to recognise it.</summary>
    public string Masked(NewsSubscription subscription)
    {
        var address = keys.Open(subscription.SealedAddress.Span, subscription.Id);
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return address[..1] + "…" + address[at..];
    }
}
