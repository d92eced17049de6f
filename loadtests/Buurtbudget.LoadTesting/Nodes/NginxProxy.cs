using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Buurtbudget.LoadTesting.Nodes;

/// <summary>Debian's nginx in front of several API nodes, round-robin on loopback, configured as
/// <c>infra/cluster.sh</c> configures it: a request moves to another node only when the one it was given fails. It
/// runs in the foreground (<c>daemon off</c>) as a child of this process, so that the harness owns its process id
/// and never has to find it by name.</summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _configuration;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private NginxProxy(Process process, string configuration, Uri baseAddress, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _output = output;

        // As with the API nodes: no proxy outlives the harness that started it (SIGTERM, a test host shutting down).
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
        _process = process;
        _configuration = configuration;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Installs nginx when it is missing (as root, with apt-get, as <c>infra/cluster.sh</c> does), starts it on
    /// a free loopback port in front of <paramref name="nodePorts"/>, and waits until it answers.</summary>
    public static async Task<NginxProxy> StartAsync(IReadOnlyList<int> nodePorts, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodePorts);
        await InstallWhenMissingAsync(cancellationToken);
        Directory.CreateDirectory(directory);
        var port = ApiNode.FreeLoopbackPort();
        var configuration = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configuration, Configuration(nodePorts, port, directory), cancellationToken);

        var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-c", configuration, "-p", directory, "-g", "daemon off;"])
        {
            start.ArgumentList.Add(argument);
        }

        // Drained as it comes, so that a full pipe never stalls nginx; kept for the message when it does not start.
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new NginxProxy(process, configuration, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")), output);
        try
        {
            await proxy.WaitUntilAnsweringAsync(cancellationToken);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    private void StopOnExit(object? sender, EventArgs e)
    {
        if (!_process.HasExited)
        {
            using var stop = Process.Start(new ProcessStartInfo(Binary, ["-c", _configuration, "-s", "stop"]) { UseShellExecute = false });
            stop?.WaitForExit(TimeSpan.FromSeconds(5));
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        if (!_process.HasExited)
        {
            // A graceful stop lets the master end its workers; killing the master alone would leave them behind.
            // Its notice ("signal process started") would land in the report; it is read and dropped.
            using var stop = Process.Start(new ProcessStartInfo(Binary, ["-c", _configuration, "-s", "stop"])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            });
            if (stop is not null)
            {
                await Task.WhenAll(stop.StandardError.ReadToEndAsync(), stop.StandardOutput.ReadToEndAsync(), stop.WaitForExitAsync(CancellationToken.None));
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new NodeStartException($"nginx exited with code {_process.ExitCode}: {string.Join('\n', _output)}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("health/live", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new NodeStartException("nginx did not answer within 30 s.");
    }

    private static async Task InstallWhenMissingAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Binary))
        {
            return;
        }

        if (!string.Equals(System.Environment.UserName, "root", StringComparison.Ordinal))
        {
            throw new NodeStartException("nginx is needed in front of the cluster and is missing; install it with: sudo apt-get install -y nginx");
        }

        foreach (var step in (string[][])[["update", "-qq"], ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "--no-install-recommends", "nginx"]])
        {
            var start = new ProcessStartInfo("apt-get", step) { UseShellExecute = false };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var process = Process.Start(start) ?? throw new NodeStartException("apt-get did not start.");
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new NodeStartException($"apt-get {string.Join(' ', step)} failed with code {process.ExitCode}: nginx could not be installed.");
            }
        }
    }

    private static string Configuration(IReadOnlyList<int> nodePorts, int port, string directory)
    {
        var servers = new StringBuilder();
        foreach (var node in nodePorts)
        {
            servers.Append(CultureInfo.InvariantCulture, $"    server 127.0.0.1:{node} max_fails=1 fail_timeout=5s;\n");
        }

        // The same proxying as infra/cluster.sh, on a port of its own and with every file in the run's directory.
        return string.Create(CultureInfo.InvariantCulture, $$"""
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            worker_processes 1;
            events { worker_connections 4096; }
            http {
              access_log off;
              client_body_temp_path {{directory}}/body;
              proxy_temp_path {{directory}}/proxy;
              fastcgi_temp_path {{directory}}/fastcgi;
              uwsgi_temp_path {{directory}}/uwsgi;
              scgi_temp_path {{directory}}/scgi;
              client_max_body_size 64k;
              upstream buurtbudget {
            {{servers}}    keepalive 64;
              }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://buurtbudget;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host;
                  proxy_set_header X-Forwarded-For $remote_addr;
                  proxy_next_upstream error;
                  # Large answers (a whole event log) pass through the buffers instead of a temporary file, which
                  # workers running as another user than the master could not write in the run's directory.
                  proxy_max_temp_file_size 0;
                }
              }
            }
            """);
    }
}
