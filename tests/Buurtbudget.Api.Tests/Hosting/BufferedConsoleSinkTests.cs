using System.Globalization;
using System.Text;
using Buurtbudget.Api.Hosting;
using Serilog;
using Serilog.Formatting.Display;

namespace Buurtbudget.Api.Tests.Hosting;

/// <summary>The host's console log: every line whole and in order, a caller never held up by a console that does not
/// keep up (a line is dropped instead, and the log says how many), and what is queued written when the host stops.</summary>
public sealed class BufferedConsoleSinkTests
{
    private static readonly MessageTemplateTextFormatter Lines = new("{Level:u3} {Message:lj}{NewLine}", CultureInfo.InvariantCulture);

    [Fact]
    public void Lines_from_many_threads_are_written_whole_each_threads_in_order_and_all_of_them_when_the_logger_is_disposed()
    {
        var output = new GatedStream();
        var logger = new LoggerConfiguration().WriteTo.Sink(new BufferedConsoleSink(Lines, output, 100_000, TimeSpan.FromMinutes(1))).CreateLogger();

        Parallel.For(0, 4, thread =>
        {
            for (var line = 0; line < 5_000; line++)
            {
                logger.Information("thread {Thread} line {Line} {Padding}", thread, line, new string('x', line % 300));
            }
        });
        logger.Dispose();

        var written = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20_000, written.Length);
        for (var thread = 0; thread < 4; thread++)
        {
            var prefix = $"INF thread {thread} line ";
            var lines = written.Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
                .Select(l => l[prefix.Length..].Split(' ')).ToList();
            Assert.Equal(Enumerable.Range(0, 5_000), lines.Select(parts => int.Parse(parts[0], CultureInfo.InvariantCulture)));
            Assert.All(lines, parts => Assert.Equal(int.Parse(parts[0], CultureInfo.InvariantCulture) % 300, parts[1].Length));
        }
    }

    [Fact]
    public void A_console_that_does_not_keep_up_holds_no_caller_up_and_the_lines_it_cost_are_counted_in_the_log()
    {
        var output = new GatedStream { Open = false };
        var sink = new BufferedConsoleSink(Lines, output, queueLimit: 10, TimeSpan.FromMinutes(1));
        var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();

        logger.Information("first");
        Assert.True(output.WriteStarted.Wait(TimeSpan.FromSeconds(30)), "The first line was never written.");

        // The writer is stuck in the console's write: ten lines wait, five more are dropped, and every call returns
        // (this thread would hang here otherwise, the console being closed until below).
        for (var line = 0; line < 15; line++)
        {
            logger.Information("waiting {Line}", line);
        }

        Assert.Equal(5, sink.DroppedNotYetReported);
        output.Release();
        logger.Dispose();

        var written = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["INF first", .. Enumerable.Range(0, 10).Select(line => $"INF waiting {line}"), "WRN 5 logregels weggelaten: de uitvoer liep achter / log lines dropped: the output fell behind"],
            written);
        Assert.Equal(2, output.Writes); // the first line, then the ten that waited and the count in one write
    }

    [Fact]
    public void A_write_that_fails_loses_its_own_lines_only_and_the_log_goes_on()
    {
        var output = new GatedStream { FailNextWrite = true };
        var logger = new LoggerConfiguration().WriteTo.Sink(new BufferedConsoleSink(Lines, output, 100, TimeSpan.FromMinutes(1))).CreateLogger();

        logger.Information("lost with its write");
        Assert.True(output.WriteStarted.Wait(TimeSpan.FromSeconds(30)), "The first line was never written.");
        logger.Information("after the failure");
        logger.Dispose();

        Assert.Equal("INF after the failure\n", output.Text.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>An output whose writes can be held until released, or fail once.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly MemoryStream _written = new();
        private readonly ManualResetEventSlim _open = new(initialState: true);

        public ManualResetEventSlim WriteStarted { get; } = new();

        public bool Open { init => _open = new ManualResetEventSlim(value); }

        public bool FailNextWrite { get; set; }

        public int Writes { get; private set; }

        public string Text
        {
            get
            {
                lock (_written)
                {
                    return Encoding.UTF8.GetString(_written.ToArray());
                }
            }
        }

        public void Release() => _open.Set();

        public override void Write(byte[] buffer, int offset, int count)
        {
            WriteStarted.Set();
            _open.Wait();
            if (FailNextWrite)
            {
                FailNextWrite = false;
                throw new IOException("The console's reader went away.");
            }

            lock (_written)
            {
                Writes++;
                _written.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
