using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Text;
using Buurtbudget.Api.Hosting;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Buurtbudget.Benchmarks;

/// <summary>What a request's log line costs the node: Serilog's console sink (each line written by the thread that
/// logs it, under one lock) against the platform's <see cref="BufferedConsoleSink"/> (lines queued, written in batches
/// by a thread of their own), and no sink at all, in one run. The lines go into a pipe that another thread reads, as a
/// log collector reads a node's standard output.</summary>
/// <remarks>Two phases per sink. Flat out: <c>--threads</c> threads log <c>--lines</c> request lines as fast as they
/// can; the process CPU per line (the pipe's reader included) until every line has been read from the pipe, and how
/// long a call to log waited (the buffered sink's queue holds every line here, so that none is dropped). A stalled reader: the threads log at a node's pace (<c>--rate</c> lines a second) for
/// three seconds while the pipe's reader stops for the middle one (a collector that falls behind); how long a call
/// waited, and how many lines were dropped.</remarks>
internal static class LoggingBenchmark
{
    public static int Run(string[] args)
    {
        var lines = Arguments.Option(args, "--lines") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : 200_000;
        var threads = Arguments.Option(args, "--threads") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : 8;
        var rate = Arguments.Option(args, "--rate") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 10_000;
        var report = Console.Out;
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lines:N0} request lines from {threads} threads flat out, then {rate:N0} a second for 3 s with the pipe's reader stopped for the middle second"));

        var results = new List<(string Name, Figures Flat, Figures Stalled)>();
        foreach (var sink in new[] { Sink.None, Sink.SerilogConsole, Sink.Buffered, Sink.None, Sink.SerilogConsole, Sink.Buffered })
        {
            var flat = Measure(sink, lines, threads, rate: null);
            var stalled = Measure(sink, rate * 3, threads, rate);
            Console.SetOut(report);
            report.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Name(sink),-32} flat out: CPU {flat.CpuPerLine,5:F1} µs a line, call p50 {flat.WaitP50,6:F1} p99 {flat.WaitP99,8:F1} longest {flat.LongestWait,9:F1} µs, read {flat.LinesRead:N0}, dropped {flat.Dropped:N0}   stalled reader: call p99 {stalled.WaitP99,8:F1} longest {stalled.LongestWait / 1000,7:F1} ms, read {stalled.LinesRead:N0}, dropped {stalled.Dropped:N0}"));
            results.Add((Name(sink), flat, stalled));
        }

        // The second round of each, against each other.
        var none = results[3].Flat;
        var console = results[4];
        var buffered = results[5];
        report.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"buffered against Serilog's console sink, second round: CPU a line above no sink {(buffered.Flat.CpuPerLine - none.CpuPerLine) / (console.Flat.CpuPerLine - none.CpuPerLine):F2}x, call p99 flat out {buffered.Flat.WaitP99 / console.Flat.WaitP99:F3}x, longest call with the reader stalled {buffered.Stalled.LongestWait / console.Stalled.LongestWait:F4}x"));
        return 0;
    }

    private enum Sink
    {
        None,
        SerilogConsole,
        Buffered,
    }

    private static string Name(Sink sink) => sink switch
    {
        Sink.None => "no sink (the event alone)",
        Sink.SerilogConsole => "Serilog's console sink",
        _ => "buffered console sink",
    };

    private static Figures Measure(Sink sink, int lines, int threads, int? rate)
    {
        GC.Collect();
        using var pipe = new CountingPipe();
        var target = pipe.Writer;
        BufferedConsoleSink? buffered = null;
        var configuration = new LoggerConfiguration().MinimumLevel.Information();
        switch (sink)
        {
            case Sink.SerilogConsole:
                // As the process's own standard output is: a stream writer that flushes every write.
                Console.SetOut(new StreamWriter(target, new UTF8Encoding(false), 256) { AutoFlush = true });
                configuration.WriteTo.Console(outputTemplate: Logging.OutputTemplate, formatProvider: CultureInfo.InvariantCulture);
                break;
            case Sink.Buffered:
                // Flat out, the threads make lines faster than one thread writes them (a node's requests do not): the
                // queue holds them all, so that each line's cost is counted. At a node's pace, the node's queue.
                buffered = new BufferedConsoleSink(
                    new MessageTemplateTextFormatter(Logging.OutputTemplate, CultureInfo.InvariantCulture), target, rate is null ? lines : BufferedConsoleSinkConfiguration.DefaultQueueLimit, TimeSpan.FromMinutes(1));
                configuration.WriteTo.Sink(buffered);
                break;
            default:
                configuration.WriteTo.Sink(new Discard());
                break;
        }

        var logger = configuration.CreateLogger();
        var waits = new double[lines];
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, threads).Select(worker => new Thread(() =>
        {
            var round = Guid.NewGuid().ToString();
            var forRound = logger.ForContext("RoundId", round);
            for (var line = worker; line < lines; line += threads)
            {
                if (rate is { } perSecond)
                {
                    var due = started + (long)((double)line / perSecond * Stopwatch.Frequency);
                    while (Stopwatch.GetTimestamp() < due)
                    {
                        Thread.Sleep(1);
                    }
                }

                var call = Stopwatch.GetTimestamp();
                forRound.Write(LogEventLevel.Information, Logging.RequestTemplate, "POST", "/api/rounds/{roundId}/ballots", 200, 1.25 + line % 7);
                waits[line] = Stopwatch.GetElapsedTime(call).TotalMicroseconds;
            }
        })).ToList();
        workers.ForEach(worker => worker.Start());
        if (rate is not null)
        {
            // The reader stops for the middle second, whatever the logging threads are doing (they may be stuck).
            Thread.Sleep(TimeSpan.FromSeconds(1) - Stopwatch.GetElapsedTime(started));
            pipe.Stalled = true;
            Thread.Sleep(TimeSpan.FromSeconds(2) - Stopwatch.GetElapsedTime(started));
            pipe.Stalled = false;
        }

        workers.ForEach(worker => worker.Join());
        var dropped = buffered?.DroppedNotYetReported ?? 0;
        logger.Dispose();
        target.Flush();
        var read = sink == Sink.None ? lines : pipe.WaitForLines(lines - dropped, TimeSpan.FromMinutes(1));
        process.Refresh();
        var cpuPerLine = (process.TotalProcessorTime - cpu).TotalMicroseconds / lines;

        Array.Sort(waits);
        return new Figures(cpuPerLine, waits[lines / 2], waits[(int)(lines * 0.99)], waits[^1], read, dropped);
    }

    private readonly record struct Figures(double CpuPerLine, double WaitP50, double WaitP99, double LongestWait, long LinesRead, long Dropped);

    /// <summary>Makes each event and keeps none: what logging costs before a sink.</summary>
    private sealed class Discard : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
        }
    }

    /// <summary>A pipe whose far end a thread of its own reads and counts lines from, unless it is told to stall.</summary>
    private sealed class CountingPipe : IDisposable
    {
        private readonly AnonymousPipeServerStream _server = new(PipeDirection.Out);
        private readonly AnonymousPipeClientStream _client;
        private readonly Thread _reader;
        private long _lines;

        public CountingPipe()
        {
            _client = new AnonymousPipeClientStream(PipeDirection.In, _server.ClientSafePipeHandle);
            _reader = new Thread(Read) { IsBackground = true };
            _reader.Start();
        }

        public Stream Writer => _server;

        public volatile bool Stalled;

        /// <summary>Waits until <paramref name="expected"/> lines were read; the lines read.</summary>
        public long WaitForLines(long expected, TimeSpan timeout)
        {
            var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (Interlocked.Read(ref _lines) < expected && Stopwatch.GetTimestamp() < until)
            {
                Thread.Sleep(1);
            }

            return Interlocked.Read(ref _lines);
        }

        private void Read()
        {
            var buffer = new byte[1 << 20];
            try
            {
                while (true)
                {
                    while (Stalled)
                    {
                        Thread.Sleep(1);
                    }

                    var count = _client.Read(buffer, 0, buffer.Length);
                    if (count == 0)
                    {
                        return;
                    }

                    Interlocked.Add(ref _lines, buffer.AsSpan(0, count).Count((byte)'\n'));
                }
            }
            catch (IOException)
            {
                // The pipe was closed.
            }
        }

        public void Dispose()
        {
            _server.Dispose();
            _reader.Join(TimeSpan.FromSeconds(5));
            _client.Dispose();
        }
    }
}
