using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Buurtbudget.Testing.Postgres;

/// <summary>
/// A real PostgreSQL server of the tests' own: initdb in a temporary directory, listening on a free loopback port
/// with its Unix socket inside that directory, stopped and removed on dispose.
/// </summary>
/// <remarks>
/// <para>Shared source: other test projects compile this folder in with
/// <c>&lt;Compile Include="..\Buurtbudget.Storage.Tests\Postgres\Server\*.cs" LinkBase="Postgres\Server" /&gt;</c>
/// and need only Npgsql and xunit.</para>
/// <para>The binaries come from <c>BUURTBUDGET_PG_BIN</c>, else <c>/usr/lib/postgresql/15/bin</c>, else the newest
/// <c>/usr/lib/postgresql/*/bin</c>. When none is there and the tests run as root (CI on a fresh machine), the Debian
/// package is installed once with apt-get. When there is still no server the start fails with a message that says
/// what to install: a storage suite that skips itself silently would report green without testing anything.</para>
/// <para>PostgreSQL refuses to run as root, so as root every server command runs as the unprivileged
/// <c>postgres</c> user (created by the Debian package) through <c>runuser</c>, in a directory chowned to it.</para>
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string BinaryDirectoryVariable = "BUURTBUDGET_PG_BIN";

    public const string PreferredBinaryDirectory = "/usr/lib/postgresql/15/bin";

    private const string ServerUser = "postgres";

    private const string Superuser = "postgres";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private readonly string _dataDirectory;
    private readonly string _socketDirectory;
    private readonly string _logFile;
    private readonly bool _asRoot;
    private int _databases;
    private bool _running;
    private bool _disposed;

    private PostgresServer(string binaryDirectory, string root, bool asRoot)
    {
        BinaryDirectory = binaryDirectory;
        Root = root;
        _asRoot = asRoot;
        _dataDirectory = Path.Combine(root, "data");
        _socketDirectory = Path.Combine(root, "socket");
        _logFile = Path.Combine(root, "server.log");
    }

    public string BinaryDirectory { get; }

    /// <summary>The temporary directory that holds the cluster, its socket and its log.</summary>
    public string Root { get; }

    public int Port { get; private set; }

    public bool IsRunning => _running;

    /// <summary>Initialises a new cluster and starts it.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var asRoot = Environment.UserName == "root" || string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal);
        var binaries = await FindOrInstallBinariesAsync(asRoot, cancellationToken);
        var root = Directory.CreateTempSubdirectory("buurtbudget-pg-").FullName;
        var server = new PostgresServer(binaries, root, asRoot);
        try
        {
            await server.InitialiseAsync(cancellationToken);
            await server.StartOnFreePortAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser, over TCP on loopback.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Database = database,
            // Tests stop and start the server under open pools; fail fast instead of waiting the default 15 s.
            Timeout = 5,
        }.ConnectionString;

    /// <summary>Creates an empty database of the caller's own and returns its connection string, so tests that
    /// share the server never see each other's writes.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}");
        await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\";", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Stops the server ("fast": sessions are terminated, as when an operator stops it), keeping its data.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_running)
        {
            return;
        }

        await RunServerCommandAsync("pg_ctl", ["stop", "-w", "-t", "60", "-m", "fast", "-D", _dataDirectory], cancellationToken);
        _running = false;
    }

    /// <summary>Starts a stopped server again on the same port.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (_running)
        {
            return;
        }

        var result = await TryStartAsync(Port, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL did not start again on port {Port}:{Environment.NewLine}{result.Output}{Environment.NewLine}{ReadLog()}");
        }
    }

    /// <summary>Runs one of the server's client tools (pg_dump, pg_restore, psql …) as the current user and
    /// returns its exit code and output; standard input is closed.</summary>
    public async Task<ToolResult> RunToolAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        await RunAsync(Path.Combine(BinaryDirectory, tool), arguments, asServerUser: false, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        if (_running)
        {
            try
            {
                await RunServerCommandAsync("pg_ctl", ["stop", "-w", "-t", "60", "-m", "immediate", "-D", _dataDirectory], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Already gone: nothing left to stop.
            }

            _running = false;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory must not fail the tests that used the server.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_socketDirectory);
        if (_asRoot)
        {
            await RequireServerUserAsync(cancellationToken);
            await RunCheckedAsync("chown", ["-R", $"{ServerUser}:", Root], asServerUser: false, cancellationToken);
        }

        // trust on loopback only: a throwaway cluster for tests, reachable from this machine alone.
        await RunServerCommandAsync(
            "initdb",
            ["-D", _dataDirectory, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
            cancellationToken);
    }

    private async Task StartOnFreePortAsync(CancellationToken cancellationToken)
    {
        var failures = new StringBuilder();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreeLoopbackPort();
            var result = await TryStartAsync(port, cancellationToken);
            if (result.ExitCode == 0)
            {
                return;
            }

            // Another process may have taken the port between finding it and binding it: try another.
            failures.AppendLine(result.Output);
        }

        throw new InvalidOperationException($"PostgreSQL did not start:{Environment.NewLine}{failures}{Environment.NewLine}{ReadLog()}");
    }

    private async Task<ToolResult> TryStartAsync(int port, CancellationToken cancellationToken)
    {
        // fsync=off: the tests kill processes, never the machine, and a killed server loses nothing the OS already
        // has; it makes CREATE DATABASE per test cheap on shared CI disks. Clients still commit with
        // synchronous_commit=on, which is what the store's durability rests on.
        var options = string.Join(' ',
            "-c listen_addresses=127.0.0.1",
            string.Create(CultureInfo.InvariantCulture, $"-c port={port}"),
            $"-c unix_socket_directories='{_socketDirectory}'",
            "-c fsync=off",
            "-c full_page_writes=off",
            "-c max_connections=300",
            "-c shared_buffers=32MB",
            "-c log_min_messages=warning");
        var result = await RunAsync(
            Path.Combine(BinaryDirectory, "pg_ctl"),
            ["start", "-w", "-t", "60", "-D", _dataDirectory, "-l", _logFile, "-o", options],
            _asRoot,
            cancellationToken);
        if (result.ExitCode == 0)
        {
            Port = port;
            _running = true;
            AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
            AppDomain.CurrentDomain.ProcessExit += StopOnExit;
        }

        return result;
    }

    /// <summary>If the test run ends without disposing (a crash, a cancelled run), do not leave a server running.</summary>
    private void StopOnExit(object? sender, EventArgs e)
    {
        if (!_running)
        {
            return;
        }

        var (fileName, arguments) = Command(Path.Combine(BinaryDirectory, "pg_ctl"), ["stop", "-m", "immediate", "-D", _dataDirectory], _asRoot);
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false, WorkingDirectory = Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        process?.WaitForExit(TimeSpan.FromSeconds(30));
    }

    private async Task RunServerCommandAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        await RunCheckedAsync(Path.Combine(BinaryDirectory, tool), arguments, _asRoot, cancellationToken);

    private async Task RunCheckedAsync(string fileName, IEnumerable<string> arguments, bool asServerUser, CancellationToken cancellationToken)
    {
        var result = await RunAsync(fileName, arguments, asServerUser, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{Path.GetFileName(fileName)}' failed with exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        }
    }

    private async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, bool asServerUser, CancellationToken cancellationToken)
    {
        var (program, allArguments) = Command(fileName, arguments, asServerUser);
        return await RunProcessAsync(program, allArguments, Root, cancellationToken);
    }

    private static (string FileName, IReadOnlyList<string> Arguments) Command(string fileName, IEnumerable<string> arguments, bool asServerUser) =>
        asServerUser
            ? ("runuser", ["-u", ServerUser, "--", fileName, .. arguments])
            : (fileName, [.. arguments]);

    private static async Task RequireServerUserAsync(CancellationToken cancellationToken)
    {
        var result = await RunProcessAsync("id", ["-u", ServerUser], Path.GetTempPath(), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The tests run as root, and PostgreSQL refuses to: they need the unprivileged system user '{ServerUser}' " +
                "(the Debian package 'postgresql' creates it; or: useradd --system postgres).");
        }
    }

    private static async Task<string> FindOrInstallBinariesAsync(bool asRoot, CancellationToken cancellationToken)
    {
        if (FindBinaries() is { } found)
        {
            return found;
        }

        if (!asRoot)
        {
            throw new InvalidOperationException(
                $"PostgreSQL's server binaries were not found in {PreferredBinaryDirectory} (or ${BinaryDirectoryVariable}), and the tests " +
                "are not running as root, so they cannot install them. Install them with: sudo apt-get install -y postgresql");
        }

        // Test assemblies run in parallel and apt allows one installer at a time: one install per process, and a
        // second process waits for dpkg's own lock (apt-get's DPkg::Lock::Timeout).
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (FindBinaries() is { } installedMeanwhile)
            {
                return installedMeanwhile;
            }

            var output = new StringBuilder();
            foreach (var step in new[] { new[] { "update" }, new[] { "-o", "DPkg::Lock::Timeout=300", "install", "-y", "--no-install-recommends", "postgresql" } })
            {
                var result = await RunProcessAsync("apt-get", step, Path.GetTempPath(), cancellationToken, ("DEBIAN_FRONTEND", "noninteractive"));
                output.AppendLine(result.Output);
                if (result.ExitCode != 0)
                {
                    break;
                }
            }

            return FindBinaries() ?? throw new InvalidOperationException(
                $"PostgreSQL is needed for the storage tests and could not be installed with apt-get (install postgresql, or set ${BinaryDirectoryVariable}):" +
                $"{Environment.NewLine}{output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string? FindBinaries()
    {
        static bool HasServer(string directory) =>
            File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")) && File.Exists(Path.Combine(directory, "postgres"));

        if (Environment.GetEnvironmentVariable(BinaryDirectoryVariable) is { Length: > 0 } configured)
        {
            return HasServer(configured)
                ? configured
                : throw new InvalidOperationException($"${BinaryDirectoryVariable} is '{configured}', which holds no initdb, pg_ctl and postgres.");
        }

        if (HasServer(PreferredBinaryDirectory))
        {
            return PreferredBinaryDirectory;
        }

        const string installed = "/usr/lib/postgresql";
        if (!Directory.Exists(installed))
        {
            return null;
        }

        return Directory.GetDirectories(installed)
            .Select(version => (Version: int.TryParse(Path.GetFileName(version), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0, Bin: Path.Combine(version, "bin")))
            .Where(candidate => candidate.Version >= 15 && HasServer(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(_logFile) ? File.ReadAllText(_logFile) : "(no server log)";
        }
        catch (IOException exception)
        {
            return $"(the server log could not be read: {exception.Message})";
        }
    }

    private static async Task<ToolResult> RunProcessAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        CancellationToken cancellationToken,
        params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return new ToolResult(127, $"'{fileName}' could not be started: {exception.Message}");
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new ToolResult(process.ExitCode, (await output) + (await error));
    }
}

/// <summary>How a command ended: its exit code and what it wrote to stdout and stderr.</summary>
public sealed record ToolResult(int ExitCode, string Output);

/// <summary>One server for a collection of test classes; each test makes its own database on it.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Test classes marked <c>[Collection(PostgresCollection.Name)]</c> share one server (and run one after
/// another, so a class may stop and start it).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "PostgreSQL server";
}
