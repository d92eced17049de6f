using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Buurtbudget.LoadTesting.Nodes;

/// <summary>One API node: the built Buurtbudget.Api.dll in a process of its own, on a loopback port, in the
/// Development environment (so that the development issuer's tokens are accepted). <see cref="KillAsync"/> is
/// <c>kill -9</c>: the process gets no chance to flush, close files or answer anyone.</summary>
public sealed class ApiNode : IAsyncDisposable
{
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(50);

    // Nodes still running, killed when this process ends (SIGTERM, a test host shutting down) so that no API
    // process outlives the harness that started it.
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    static ApiNode() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllRunning();

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private ApiNode(Process process, Uri baseAddress, StreamWriter log, string logPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        _log = log;
        LogPath = logPath;
    }

    public Uri BaseAddress { get; }

    /// <summary>The node's console output (warnings and errors only), kept for diagnosing a failed trial.</summary>
    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a node and waits until <c>/health/ready</c> answers 200: its store is open and writable.</summary>
    /// <param name="port">A fixed loopback port, for a node that a proxy in front expects there (and that restarts
    /// there); null takes a free one.</param>
    public static async Task<ApiNode> StartAsync(ApiNodeSettings settings, TimeSpan startTimeout, CancellationToken cancellationToken, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(settings.ApiAssemblyPath))
        {
            throw new FileNotFoundException($"The API build '{settings.ApiAssemblyPath}' does not exist; build Buurtbudget.Api first.", settings.ApiAssemblyPath);
        }

        // Another process may take the port between choosing and binding; a node that cannot bind exits, and
        // starting again on a fresh port resolves it.
        for (var attempt = 1; ; attempt++)
        {
            var node = Launch(settings, port ?? FreeLoopbackPort());
            try
            {
                await node.WaitUntilReadyAsync(startTimeout, cancellationToken);
                return node;
            }
            catch (NodeStartException) when (attempt < 3 && node.HasExited && port is null)
            {
                await node.DisposeAsync();
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGKILL, then waits until the process is gone so that its port and files are released.</summary>
    public async Task KillAsync()
    {
        try
        {
            // The node is one process (the dotnet host runs the API in-process). Not the tree: walking /proc for
            // children takes milliseconds, in which the ballots in flight would be answered and the kill would
            // never catch one mid-write.
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited: nothing to kill.
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>The last lines the node wrote, for error messages.</summary>
    public string LogTail(int lines = 20)
    {
        lock (_logLock)
        {
            _log.Flush();
        }

        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException exception)
        {
            return $"(the node's log '{LogPath}' cannot be read: {exception.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        // Output events may still arrive until the streams are drained; WaitForExit (no timeout) drains them.
        await _process.WaitForExitAsync(CancellationToken.None);
        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private static ApiNode Launch(ApiNodeSettings settings, int port)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(settings.ApiAssemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(settings.ApiAssemblyPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        foreach (var (name, value) in settings.Environment())
        {
            start.Environment[name] = value;
        }

        Directory.CreateDirectory(settings.LogDirectory);
        var logPath = Path.Combine(settings.LogDirectory, $"node-{port}.log");
        var log = new StreamWriter(logPath, append: true, Encoding.UTF8);
        var process = new Process { StartInfo = start };
        var node = new ApiNode(process, baseAddress, log, logPath);
        process.OutputDataReceived += (_, line) => node.Write(line.Data);
        process.ErrorDataReceived += (_, line) => node.Write(line.Data);
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.WriteLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new NodeStartException($"The API node exited with code {_process.ExitCode} before it was ready:\n{LogTail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One slow answer during start-up; ask again.
            }

            await Task.Delay(ReadyPollInterval, cancellationToken);
        }

        throw new NodeStartException($"The API node was not ready within {timeout.TotalSeconds:0} s:\n{LogTail()}");
    }

    private static void KillAllRunning()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Exited already.
            }
        }
    }

    /// <summary>A loopback port that nothing listens on now (another process may still take it before it is bound).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A free loopback port for a node that is killed and restarted on the same port (a proxy in front of it
    /// expects it there), taken from below the kernel's ephemeral range. A port from <see cref="FreeLoopbackPort"/> lies
    /// in that range: while its node was down, any other process on the machine asking for a free port (the tests run
    /// in parallel and start nodes of their own) could be given it, and the proxy then sent this node's residents to a
    /// stranger, which refused their tokens as signed by an unknown key. Below the range, only a process that names
    /// the port itself can take it.</summary>
    public static int StableLoopbackPort()
    {
        var below = EphemeralRangeStart();
        const int lowest = 10_000;
        if (below - lowest < 1_000)
        {
            return FreeLoopbackPort();
        }

        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = System.Security.Cryptography.RandomNumberGenerator.GetInt32(lowest, below);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: draw another.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {lowest} and {below} after 200 draws.");
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range), or
    /// 32768, the usual start, where the file cannot be read.</summary>
    private static int EphemeralRangeStart()
    {
        const int usual = 32_768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return range.Length == 2 && int.TryParse(range[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : usual;
        }
        catch (IOException)
        {
            return usual;
        }
        catch (UnauthorizedAccessException)
        {
            return usual;
        }
    }

    /// <summary>The dotnet host that runs this process (set by the SDK for tests and <c>dotnet run</c>), else the
    /// one on the PATH.</summary>
    private static string DotnetHost()
    {
        var fromSdk = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var current = System.Environment.ProcessPath;
        return current is not null && string.Equals(Path.GetFileNameWithoutExtension(current), "dotnet", StringComparison.Ordinal)
            ? current
            : "dotnet";
    }
}

/// <summary>A node that did not become ready: the message carries the tail of its log.</summary>
public sealed class NodeStartException : Exception
{
    public NodeStartException()
    {
    }

    public NodeStartException(string message)
        : base(message)
    {
    }

    public NodeStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
