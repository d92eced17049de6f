using System.Security.Cryptography;
using System.Text;

namespace Buurtbudget.Api.News;

/// <summary>The tokens in a message's links: the subscription's id and a keyed proof of the link's purpose. Nothing
/// is stored for them, so a withdrawal link keeps working in every message ever sent, and a token for one purpose
/// (confirm) does not work for another (withdraw).</summary>
internal sealed class NewsLinks(NewsKeys keys)
{
    public const string Confirm = "confirm";
    public const string Withdraw = "withdraw";

    /// <summary>The web client's pages for the links (Dutch paths, like the rest of the client).</summary>
    public const string ConfirmPage = "nieuws/bevestigen";
    public const string WithdrawPage = "nieuws/afmelden";
    public const string OneClickPath = "api/news/withdrawals/one-click";

    public string Token(string purpose, string subscriptionId) => subscriptionId + "." + keys.LinkProof(purpose, subscriptionId);

    /// <summary>The subscription id a token of <paramref name="purpose"/> proves; null for anything else.</summary>
    public string? SubscriptionOf(string purpose, string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100 || token.Split('.') is not [var id, var proof] || !NewsSubscriptions.IsId(id))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(keys.LinkProof(purpose, id));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(proof)) ? id : null;
    }

    public static Uri Page(Uri linkBase, string page, string token) =>
        new(linkBase, page + "?token=" + Uri.EscapeDataString(token));
}
