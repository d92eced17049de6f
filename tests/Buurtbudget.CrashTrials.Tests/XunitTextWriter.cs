using System.Text;
using Xunit.Abstractions;

namespace Buurtbudget.CrashTrials.Tests;

/// <summary>The harness reports line by line to a <see cref="TextWriter"/>; this one writes into the test's output,
/// so that a failing run shows each trial's line and problems.</summary>
internal sealed class XunitTextWriter(ITestOutputHelper output) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            Flush();
        }
        else if (value != '\r')
        {
            _line.Append(value);
        }
    }

    public override void WriteLine(string? value)
    {
        _line.Append(value);
        Flush();
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        if (_line.Length > 0)
        {
            output.WriteLine(_line.ToString());
            _line.Clear();
        }
    }
}
