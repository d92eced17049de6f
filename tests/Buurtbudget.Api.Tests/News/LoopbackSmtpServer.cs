using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Buurtbudget.Api.Tests.News;

/// <summary>A real SMTP server (the SmtpServer library) on a loopback port, keeping every message it accepts. The
/// platform's own sender talks to it over TCP exactly as it would to a municipality's relay.</summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private CancellationTokenSource? _stop;
    private Task? _running;

    public LoopbackSmtpServer(int? port = null)
    {
        Port = port ?? FreePort();
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => [.. _received];

    /// <summary>The settings that send the platform's mail here.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["News:Smtp:Host"] = "127.0.0.1",
        ["News:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["News:Smtp:Security"] = "None",
        ["News:Smtp:FromAddress"] = "buurtbudget@rotterdam.example",
        ["News:PublicUrl"] = "https://buurtbudget.rotterdam.example/",
        ["News:PollInterval"] = "00:00:00.200",
        ["News:RetryDelay"] = "00:00:00.300",
        ["News:MaxRetryDelay"] = "00:00:01",
    };

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _stop = new CancellationTokenSource();
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    /// <summary>Waits until <paramref name="count"/> messages have arrived in all, or fails after <paramref name="within"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        while (_received.Count < count)
        {
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{count} messages were expected at the SMTP server; {_received.Count} arrived: {string.Join(" | ", _received.Select(m => m.Subject))}");
            }
        }

        return [.. _received];
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop is not null)
        {
            await _stop.CancelAsync();
            try
            {
                await _running!;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        _arrived.Dispose();
    }

    private sealed class Store(LoopbackSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            server._received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            server._arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}
