using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Buurtbudget.Actors.Tests.Fixtures;

public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>Keeps what the round grains log, so a test can see that a failure it did not cause was not silently
/// swallowed.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<LogEntry> Problems => [.. _entries.Where(e => e.Level >= LogLevel.Warning)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), exception));
    }
}

/// <summary>Gives the recording logger to one category only (the round grain's), so Orleans' own lines stay out.</summary>
public sealed class RecordingLoggerProvider(RecordingLogger logger, string category) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) =>
        string.Equals(categoryName, category, StringComparison.Ordinal) ? logger : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }
}
