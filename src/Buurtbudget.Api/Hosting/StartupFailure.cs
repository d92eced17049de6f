using Microsoft.Extensions.Options;

namespace Buurtbudget.Api.Hosting;

/// <summary>How the process ends when it cannot start: one clear message per problem on standard error and a non-zero
/// exit code, instead of an unhandled exception whose stack trace buries the setting to fix (and whose exit, an abort,
/// looks like a crash to a supervisor). Configuration is checked before anything is written, so a failed start leaves
/// no data directory, key file or database behind.</summary>
internal static class StartupFailure
{
    /// <summary>EX_CONFIG of sysexits.h: a supervisor can tell "fix the configuration" from a crash.</summary>
    public const int ConfigurationError = 78;

    /// <summary>Any other failure before the platform runs (storage unreachable, a bad seed file, …).</summary>
    public const int StartError = 1;

    /// <summary>Runs every check registered with ValidateOnStart now, before seeds are loaded or the data directory
    /// is touched; the exit code when one fails, null when all pass.</summary>
    public static int? CheckConfiguration(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (Exception exception) when (Failures(exception) is { Count: > 0 } failures)
        {
            Write(app, failures);
            return ConfigurationError;
        }
    }

    /// <summary>Reports a failure before the platform ran, with the message of each inner exception; the stack trace
    /// only in Development, where a developer wants it.</summary>
    public static int Report(WebApplication app, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(exception);
        if (Failures(exception) is { Count: > 0 } failures)
        {
            Write(app, failures);
            return ConfigurationError;
        }

        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        Write(app, messages.Distinct(StringComparer.Ordinal).ToList());
        if (app.Environment.IsDevelopment())
        {
            OutputOf(app).WriteLine(exception);
        }

        return StartError;
    }

    /// <summary>Whether the platform had not yet started serving, so that a failure is a failed start.</summary>
    public static bool BeforeStarted(WebApplication app) =>
        !app.Lifetime.ApplicationStarted.IsCancellationRequested;

    private static List<string> Failures(Exception exception) => exception switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException many when many.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures)],
        _ => [],
    };

    private static void Write(WebApplication app, IReadOnlyList<string> problems)
    {
        var output = OutputOf(app);
        output.WriteLine("Buurtbudget kan niet starten / Buurtbudget cannot start:");
        foreach (var problem in problems)
        {
            output.WriteLine("  - " + problem);
        }
    }

    private static TextWriter OutputOf(WebApplication app) =>
        app.Services.GetService<StartupErrorOutput>()?.Writer ?? Console.Error;
}

/// <summary>Where start-up failures are written: standard error, unless a host that runs the API in-process (the
/// tests' WebApplicationFactory, which sees an exit code only as "the server did not start") registers a writer of
/// its own to read them from.</summary>
internal sealed class StartupErrorOutput(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}
