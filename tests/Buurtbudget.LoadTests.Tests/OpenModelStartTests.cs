using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Buurtbudget.LoadTests.Tests;

/// <summary>The scenario script's open model, run through wrk against a server that answers at once: a load-engine thread
/// that starts late must not count its own lateness as the server's latency. wrk runs every thread's init (reading its
/// residents' tokens) one after the other before starting it, so with 64 threads the last starts about 1.5 s after the
/// first. Before each thread's schedule started when it was ready, the requests due meanwhile came due all at once,
/// and an open ping run measured a p99 of 2.3 s against a node that answered within milliseconds. This test, run with
/// that script, measured a p99 of 3.9 s.</summary>
public sealed class OpenModelStartTests
{
    private const int Threads = 4;
    private const int Rate = 200;
    private const int SlowStartMs = 1000;

    [Fact]
    public async Task A_thread_that_starts_late_keeps_its_whole_schedule_without_counting_the_wait_as_latency()
    {
        var wrk = await WrkTool.FindOrInstallAsync();
        using var server = new InstantServer();
        var directory = Directory.CreateTempSubdirectory("buurtbudget-open-start-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "tokens"));
            for (var thread = 0; thread < Threads; thread++)
            {
                await File.WriteAllLinesAsync(Path.Combine(directory, "tokens", $"{thread}.txt"), Enumerable.Range(0, 100).Select(i => $"token-{thread}-{i}"));
            }

            await File.WriteAllTextAsync(Path.Combine(directory, "staff.txt"), "staff-token\n");
            var resultFile = Path.Combine(directory, "result.json");

            // Four threads starting a second apart (see above), then each one's three seconds, and a second to spare.
            var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-t", Text(Threads), "-c", Text(Threads), "-d", "9s", "--timeout", "10s", "-s", ScriptPath, server.Address })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["BB_SCENARIO"] = "ping-signed-in";
            start.Environment["BB_DIR"] = directory;
            start.Environment["BB_THREADS"] = Text(Threads);
            start.Environment["BB_RATE"] = Text(Rate);
            start.Environment["BB_WARMUP_S"] = "0";
            start.Environment["BB_MEASURE_S"] = "3";
            start.Environment["BB_OUT"] = resultFile;
            start.Environment["BB_SLOW_START_MS"] = Text(SlowStartMs);
            using (var process = Process.Start(start)!)
            {
                var errors = process.StandardError.ReadToEndAsync();
                await process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, $"wrk ended with exit code {process.ExitCode}: {await errors}");
            }

            using var result = JsonDocument.Parse(await File.ReadAllTextAsync(resultFile));
            var root = result.RootElement;

            // Every request due in each thread's three seconds was sent and answered, counted from when that thread
            // was ready to keep its schedule.
            Assert.Equal(0, root.GetProperty("unsent").GetInt64());
            var measured = root.GetProperty("measured").GetInt64();
            Assert.True(measured >= Rate * 3 * 9 / 10 && measured <= Rate * 3 * 11 / 10, $"{measured} requests measured in the threads' windows, not about {Rate * 3}: {root}");

            // The server answers at once, so no request waited anywhere near the slow start: counted from wrk's start,
            // each thread's first requests were a second or more late.
            var p99 = root.GetProperty("p99Ms").GetDouble();
            Assert.True(p99 < SlowStartMs / 3.0, $"p99 {p99} ms: the threads' late start was counted as latency. {root}");

            // The answers were this server's (it may have answered one more per connection than wrk read before it stopped).
            var answered = root.GetProperty("answered").GetInt64();
            Assert.InRange(server.Requests, answered, answered + Threads);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "wrk", "scenarios.lua");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Answers every request on loopback with 204 at once, keeping each connection open (the requests are GETs
    /// without a body: a request ends at its blank line). Each connection is served by blocking calls on a thread of its
    /// own, never the thread pool's: served by the pool of this test process (an in-process Kestrel, or sockets read
    /// asynchronously), a tenth of the answers came 0.2 to 0.9 s late, as when the pool waits to grow, while the same
    /// run against a server in a process of its own answered every request within 2 ms.</summary>
    private sealed class InstantServer : IDisposable
    {
        // wrk passes a response to the script only when it has a header.
        private static readonly byte[] NoContent = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private long _requests;

        public InstantServer()
        {
            _listener.Start();
            Address = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            new Thread(Accept) { IsBackground = true, Name = "instant server" }.Start();
        }

        public string Address { get; }

        public long Requests => Interlocked.Read(ref _requests);

        public void Dispose() => _listener.Stop();

        private void Accept()
        {
            while (true)
            {
                Socket connection;
                try
                {
                    connection = _listener.AcceptSocket();
                }
                catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                new Thread(() => Serve(connection)) { IsBackground = true, Name = "instant server connection" }.Start();
            }
        }

        private void Serve(Socket connection)
        {
            using var socket = connection;
            socket.NoDelay = true;
            var buffer = new byte[8192];
            var matched = 0;
            try
            {
                int read;
                while ((read = socket.Receive(buffer)) > 0)
                {
                    for (var i = 0; i < read; i++)
                    {
                        // The bytes of "\r\n\r\n" seen in a row, across reads.
                        matched = buffer[i] == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : buffer[i] == '\r' ? 1 : 0;
                        if (matched == 4)
                        {
                            matched = 0;
                            Interlocked.Increment(ref _requests);
                            socket.Send(NoContent);
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // wrk closed the connection.
            }
        }
    }
}
