using System.Security.Cryptography;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.News;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.News;

/// <summary>Sends the queued messages through the configured SMTP server, never in a request's time: a request only
/// queues and wakes this service. A message leaves the queue only once the server accepted it; a failure puts it back
/// with a wait that doubles each time (up to <see cref="NewsOptions.MaxRetryDelay"/>), so a server that is down
/// delays mail and loses none. On a cluster, each node claims rows with a lease before sending, so two nodes never
/// send the same message at once; a node that dies mid-send leaves its lease to run out, and the message goes again
/// (once the server took it but the node died before recording that, a resident may get it twice: never zero times).
/// Logs name the message's id and kind, never an address or anything the server said back about one.</summary>
internal sealed partial class NewsSender(
    INewsStore store,
    NewsKeys keys,
    NewsMessages messages,
    NewsSignal signal,
    IOptions<NewsOptions> options,
    TimeProvider time,
    ILogger<NewsSender> logger) : BackgroundService
{
    private const int Batch = 20;

    private readonly string _owner = Environment.MachineName + ":" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private DateTimeOffset _lastWaitingNotice = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await SendDueAsync(stoppingToken);
            }
            catch (StorageUnavailableException exception)
            {
                LogStorageUnavailable(logger, exception);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Whatever went wrong, the claimed rows' leases run out and they are sent later: keep the service alive.
                // Only the kind of failure is logged: a mail library's message may quote an address.
                LogPassFailed(logger, exception.GetType().FullName ?? exception.GetType().Name);
            }

            if (!more)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends one batch of due messages; true when there may be more due right now.</summary>
    private async Task<bool> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        if (!settings.SendsMail)
        {
            // Nothing is lost: the queue keeps the mail until a host is configured. Said now and then, not on every poll.
            if (now - _lastWaitingNotice >= TimeSpan.FromMinutes(10) && await store.CountQueuedAsync(cancellationToken) is > 0 and var waiting)
            {
                LogNoSmtpHost(logger, waiting);
                _lastWaitingNotice = now;
            }

            return false;
        }

        var claimed = await store.ClaimAsync(_owner, now, settings.Lease, Batch, NewsKind.Confirm, cancellationToken);
        if (claimed.Count == 0)
        {
            return false;
        }

        using var client = new SmtpClient();
        try
        {
            client.Timeout = 30_000;
            await client.ConnectAsync(settings.Smtp.Host!, settings.Smtp.Port, settings.Smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Smtp.UserName))
            {
                await client.AuthenticateAsync(settings.Smtp.UserName, settings.Smtp.Password ?? "", cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or ProtocolException or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException or CommandException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogServerUnreachable(logger, exception.GetType().Name, settings.Smtp.Host!, settings.Smtp.Port, claimed.Count);
            foreach (var message in claimed)
            {
                await store.RetryAsync(message.Id, _owner, now + Backoff(message.Attempts, settings), cancellationToken);
            }

            return false;
        }

        foreach (var message in claimed)
        {
            if (time.GetUtcNow() >= message.LeaseUntil)
            {
                // Another node may have taken it by now; it is theirs to send.
                break;
            }

            try
            {
                var address = keys.Open(message.Subscription.SealedAddress.Span, message.Subscription.Id);
                using var mime = messages.Compose(message.Kind, NewsFacts.FromJson(message.Facts), message.Subscription.Id, address, settings.LinkBase, settings.Smtp);
                await client.SendAsync(mime, cancellationToken);
                await store.CompleteAsync(message.Id, _owner, cancellationToken);
                LogSent(logger, message.Id, message.Kind);
            }
            catch (SmtpCommandException exception) when ((int)exception.StatusCode >= 500 && exception.ErrorCode is SmtpErrorCode.RecipientNotAccepted)
            {
                // The server refuses this address for good: trying again changes nothing. The subscription stays until
                // the resident withdraws or it is withdrawn for them; the message goes.
                await store.CompleteAsync(message.Id, _owner, cancellationToken);
                LogRefused(logger, message.Id, message.Kind, (int)exception.StatusCode);
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or ProtocolException or CommandException or TimeoutException)
            {
                LogNotSent(logger, message.Id, message.Kind, exception.GetType().Name, message.Attempts + 1);
                await store.RetryAsync(message.Id, _owner, time.GetUtcNow() + Backoff(message.Attempts, settings), cancellationToken);
                if (!client.IsConnected)
                {
                    foreach (var left in claimed.SkipWhile(m => m.Id != message.Id).Skip(1))
                    {
                        await store.RetryAsync(left.Id, _owner, time.GetUtcNow() + Backoff(left.Attempts, settings), cancellationToken);
                    }

                    return false;
                }
            }
            catch (CryptographicException exception)
            {
                // Sealed by another key (a restored file with the wrong participant hash key): it cannot ever be opened here.
                LogUnopenable(logger, exception, message.Id);
                await store.RetryAsync(message.Id, _owner, time.GetUtcNow() + settings.MaxRetryDelay, cancellationToken);
            }
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        return claimed.Count == Batch;
    }

    /// <summary>The wait before attempt <paramref name="attempts"/> + 2: the retry delay, doubled per failure so far, capped.</summary>
    public static TimeSpan Backoff(int attempts, NewsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factor = Math.Pow(2, Math.Min(attempts, 20));
        var wait = options.RetryDelay.TotalMilliseconds * factor;
        return wait >= options.MaxRetryDelay.TotalMilliseconds ? options.MaxRetryDelay : TimeSpan.FromMilliseconds(wait);
    }

    [LoggerMessage(EventId = 1811, Level = LogLevel.Warning, Message = "{Count} news messages wait in the queue: no SMTP host is configured (News:Smtp:Host); they are sent once one is")]
    private static partial void LogNoSmtpHost(ILogger logger, long count);

    [LoggerMessage(EventId = 1812, Level = LogLevel.Warning, Message = "The SMTP server {SmtpHost}:{SmtpPort} could not be reached ({Failure}); {Count} news messages wait and are tried again later")]
    private static partial void LogServerUnreachable(ILogger logger, string failure, string smtpHost, int smtpPort, int count);

    [LoggerMessage(EventId = 1813, Level = LogLevel.Information, Message = "News message {MessageId} ({Kind}) sent")]
    private static partial void LogSent(ILogger logger, long messageId, string kind);

    [LoggerMessage(EventId = 1814, Level = LogLevel.Warning, Message = "News message {MessageId} ({Kind}) was not sent ({Failure}); attempt {Attempt}, tried again later")]
    private static partial void LogNotSent(ILogger logger, long messageId, string kind, string failure, int attempt);

    [LoggerMessage(EventId = 1815, Level = LogLevel.Warning, Message = "The SMTP server refused the recipient of news message {MessageId} ({Kind}) for good (status {Status}); the message is dropped")]
    private static partial void LogRefused(ILogger logger, long messageId, string kind, int status);

    [LoggerMessage(EventId = 1816, Level = LogLevel.Error, Message = "The address of news message {MessageId} cannot be opened with this node's key; check Privacy:ParticipantHashKey")]
    private static partial void LogUnopenable(ILogger logger, Exception exception, long messageId);

    [LoggerMessage(EventId = 1818, Level = LogLevel.Error, Message = "A pass of the news sender failed ({Failure}); it tries again at the next")]
    private static partial void LogPassFailed(ILogger logger, string failure);

    [LoggerMessage(EventId = 1817, Level = LogLevel.Warning, Message = "News could not be sent now (storage unavailable); the sender tries again")]
    private static partial void LogStorageUnavailable(ILogger logger, Exception exception);
}

/// <summary>Wakes the sender when a request queued mail, so a confirmation goes out at once rather than at the next poll.</summary>
internal sealed class NewsSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed.
        }
    }
}
