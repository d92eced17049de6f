using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.News;

/// <summary>Configuration section <c>News</c>: where news by e-mail goes and how often the platform looks for it.</summary>
public sealed class NewsOptions
{
    public const string SectionName = "News";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The web client's address, the base of every link in a message (confirm, withdraw, the round). Without
    /// one, Development uses http://localhost:5080 (what ./run.sh serves); elsewhere it is required once mail is sent.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>How often the feed reads new events and the sender looks at the queue when nothing wakes it sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after the first failed attempt; it doubles with each further failure, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claimed message is this node's to send; after that (the node died) another may take it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an unconfirmed address is kept before it is deleted.</summary>
    public TimeSpan UnconfirmedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long before voting closes the reminder goes out.</summary>
    public TimeSpan VotingClosesReminder { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Development default of <see cref="PublicUrl"/>.</summary>
    public static Uri DevelopmentUrl { get; } = new("http://localhost:5080/");

    public bool SendsMail => !string.IsNullOrWhiteSpace(Smtp.Host);

    /// <summary>The base of the links in messages.</summary>
    public Uri LinkBase => PublicUrl is { } url
        ? (url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"))
        : DevelopmentUrl;
}

/// <summary>The SMTP server the platform hands its mail to (the municipality's relay).</summary>
public sealed class SmtpOptions
{
    /// <summary>Empty: no mail is sent; the queue keeps it until a host is configured.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>StartTls (the default, required), SslOnConnect (port 465), or None (a relay on the same host or in tests).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    /// <summary>Keep it out of appsettings: set <c>News__Smtp__Password</c> in the environment.</summary>
    public string? Password { get; set; }

    public string FromAddress { get; set; } = "buurtbudget@localhost";

    public string FromName { get; set; } = "Buurtbudget";
}

/// <summary>Fails the start with a message that names the setting.</summary>
internal sealed class NewsOptionsValidator(IHostEnvironment environment) : IValidateOptions<NewsOptions>
{
    public ValidateOptionsResult Validate(string? name, NewsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PublicUrl is { } url && !(url.IsAbsoluteUri && (string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal) || string.Equals(url.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal))))
        {
            failures.Add($"{NewsOptions.SectionName}:PublicUrl is '{url}', not an absolute http(s) address. Set the web client's address, e.g. https://buurtbudget.rotterdam.nl/.");
        }

        if (options.SendsMail && options.PublicUrl is null && !environment.IsDevelopment())
        {
            failures.Add($"{NewsOptions.SectionName}:Smtp:Host is set, so mail is sent, but {NewsOptions.SectionName}:PublicUrl is not: the links in the messages need the web client's address, e.g. https://buurtbudget.rotterdam.nl/.");
        }

        if (options.Smtp.Port is < 1 or > 65535)
        {
            failures.Add($"{NewsOptions.SectionName}:Smtp:Port is {options.Smtp.Port}; use a port from 1 to 65535 (587 for STARTTLS, 465 for TLS).");
        }

        if (!MimeKit.MailboxAddress.TryParse(options.Smtp.FromAddress, out _))
        {
            failures.Add($"{NewsOptions.SectionName}:Smtp:FromAddress is not an e-mail address; set the sender, e.g. buurtbudget@rotterdam.nl.");
        }

        foreach (var (setting, value) in new[] { ("PollInterval", options.PollInterval), ("RetryDelay", options.RetryDelay), ("MaxRetryDelay", options.MaxRetryDelay), ("Lease", options.Lease), ("UnconfirmedRetention", options.UnconfirmedRetention), ("VotingClosesReminder", options.VotingClosesReminder) })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{NewsOptions.SectionName}:{setting} is {value}; it must be longer than zero (hh:mm:ss).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
