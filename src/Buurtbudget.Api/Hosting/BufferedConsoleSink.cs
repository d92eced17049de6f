using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace Buurtbudget.Api.Hosting;

/// <summary>The host's log lines to standard output, written off the request path: a request hands its line to a
/// queue and goes on; one thread renders what is queued and writes it with one call per batch, whole lines only.
/// When the queue is full (the console's reader does not keep up), a line is dropped rather than a request held up,
/// and the next batch says how many were dropped.</summary>
/// <remarks>Serilog's console sink writes each line with its own call under one lock, on the thread that logs. In
/// <c>Buurtbudget.Benchmarks logging</c> (two runs) a line cost 6.0 to 6.4 µs of CPU beyond making its event there
/// against 2.3 to 3.0 µs here, and a reader of the output that stopped for a second (a full pipe) held a logging
/// call for 0.95 s there against 3 ms here. There is no wait for a batch to fill: a line is written as soon as the
/// thread is free, so lines appear at once when the node is quiet and batch up by themselves when it is busy. The
/// bootstrap logger (failures before the host exists) keeps the plain console sink, which needs no flush.</remarks>
internal sealed class BufferedConsoleSink : ILogEventSink, IDisposable
{
    /// <summary>The lines a batch holds before it is written, however many are still queued.</summary>
    private const int WriteAtChars = 32 * 1024;

    private static readonly MessageTemplate DroppedTemplate = new MessageTemplateParser().Parse(
        "{DroppedLines} logregels weggelaten: de uitvoer liep achter / log lines dropped: the output fell behind");

    private readonly Channel<LogEvent> _queue;
    private readonly ITextFormatter _formatter;
    private readonly Stream _output;
    private readonly TimeSpan _drainOnDispose;
    private readonly Thread _writer;
    private readonly StringWriter _batch = new(CultureInfo.InvariantCulture);
    private char[] _chars = [];
    private byte[] _bytes = [];
    private long _dropped;

    /// <param name="formatter">Renders one event as one line (or more, with an exception).</param>
    /// <param name="output">Where the lines go; standard output for the host.</param>
    /// <param name="queueLimit">The lines that may wait; beyond it a line is dropped and counted.</param>
    /// <param name="drainOnDispose">How long disposing waits for the queued lines to be written.</param>
    public BufferedConsoleSink(ITextFormatter formatter, Stream output, int queueLimit, TimeSpan drainOnDispose)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queueLimit);
        _formatter = formatter;
        _output = output;
        _drainOnDispose = drainOnDispose;
        _queue = Channel.CreateBounded<LogEvent>(new BoundedChannelOptions(queueLimit)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then answers false instead of dropping an older line
        });
        _writer = new Thread(WriteUntilCompleted) { IsBackground = true, Name = "Buurtbudget console log" };
        _writer.Start();
    }

    /// <summary>Lines dropped since the last batch said so.</summary>
    internal long DroppedNotYetReported => Interlocked.Read(ref _dropped);

    public void Emit(LogEvent logEvent)
    {
        if (!_queue.Writer.TryWrite(logEvent))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes what is queued (waiting at most the drain time) and stops the writer.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (!_writer.Join(_drainOnDispose))
        {
            SelfLog.WriteLine("The console log did not drain within {0}; its last lines are lost.", _drainOnDispose);
        }
    }

    private void WriteUntilCompleted()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var logEvent))
            {
                Render(logEvent);
                if (_batch.GetStringBuilder().Length >= WriteAtChars)
                {
                    Write();
                }
            }

            Write();
        }
    }

    private void Render(LogEvent logEvent)
    {
        try
        {
            _formatter.Format(logEvent, _batch);
        }
        catch (Exception exception)
        {
            // A line that cannot be rendered must not end the writer (and with it the process).
            SelfLog.WriteLine("A log line could not be rendered and was left out: {0}", exception);
        }
    }

    /// <summary>One write of the batch's whole lines, encoded as UTF-8, ending with how many lines were dropped since
    /// the last one said so (also while the queue stays full).</summary>
    private void Write()
    {
        if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
        {
            Render(new LogEvent(DateTimeOffset.Now, LogEventLevel.Warning, null, DroppedTemplate,
                [new LogEventProperty("DroppedLines", new ScalarValue(dropped))]));
        }

        var text = _batch.GetStringBuilder();
        if (text.Length == 0)
        {
            return;
        }

        if (_chars.Length < text.Length)
        {
            _chars = new char[Math.Max(text.Length, WriteAtChars * 2)];
            _bytes = new byte[Encoding.UTF8.GetMaxByteCount(_chars.Length)];
        }

        text.CopyTo(0, _chars, text.Length);
        var length = Encoding.UTF8.GetBytes(_chars, 0, text.Length, _bytes, 0);
        text.Clear();
        try
        {
            _output.Write(_bytes, 0, length);
            _output.Flush();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or NotSupportedException)
        {
            // The output went away (a closed pipe): these lines are lost, the next batch tries again.
            SelfLog.WriteLine("The console log could not be written: {0}", exception);
        }
    }
}

/// <summary><c>"WriteTo": [{ "Name": "BufferedConsole" }]</c> in the Serilog section (with "Buurtbudget.Api" under
/// "Using"); <c>"Args"</c> may set <c>outputTemplate</c>, <c>queueLimit</c> and <c>restrictedToMinimumLevel</c>.</summary>
public static class BufferedConsoleSinkConfiguration
{
    /// <summary>Lines that may wait before one is dropped: a request line's event holds about 700 B, so 20,000 are
    /// about 14 MB, two seconds of a busy node's request lines.</summary>
    public const int DefaultQueueLimit = 20_000;

    /// <summary>Log lines to standard output through <see cref="BufferedConsoleSink"/>.</summary>
    /// <param name="sinks">The logger's sinks.</param>
    /// <param name="outputTemplate">The line, as for Serilog's console sink.</param>
    /// <param name="queueLimit">Lines that may wait before one is dropped (<see cref="DefaultQueueLimit"/>).</param>
    /// <param name="restrictedToMinimumLevel">The lowest level written.</param>
    public static LoggerConfiguration BufferedConsole(
        this LoggerSinkConfiguration sinks,
        string outputTemplate = Logging.OutputTemplate,
        int queueLimit = DefaultQueueLimit,
        LogEventLevel restrictedToMinimumLevel = LogEventLevel.Verbose)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        var formatter = new MessageTemplateTextFormatter(outputTemplate, CultureInfo.InvariantCulture);
        return sinks.Sink(
            new BufferedConsoleSink(formatter, Console.OpenStandardOutput(), queueLimit, TimeSpan.FromSeconds(10)),
            restrictedToMinimumLevel);
    }
}
