using Microsoft.Extensions.Options;
using Serilog;

namespace Buurtbudget.Api.Hosting;

/// <summary>How the process ends when it cannot start: one clear message per problem on standard error and a non-zero
/// exit code, instead of an unhandled exception whose stack trace buries the setting to fix (and whose exit, an abort,
/// looks like a crash to a supervisor). Configuration is checked before anything is written, so a failed start leaves
/// no data directory, key file or database behind. Each problem is logged as well (Critical), so that it reaches the
/// log collection and not only the terminal: through the host's logger once the host exists, through the bootstrap
/// logger (<see cref="Logging.CreateBootstrapLogger"/>) before.</summary>
internal static partial class StartupFailure
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

        Write(app, Messages(exception));
        if (app.Environment.IsDevelopment())
        {
            OutputOf(app).WriteLine(exception);
        }

        return StartError;
    }

    /// <summary>Reports a failure before the host existed (configuration files that cannot be read, a service set-up
    /// that throws): standard error and the bootstrap logger are all there is.</summary>
    public static int ReportBeforeHost(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var messages = Messages(exception);
        Console.Error.WriteLine(Heading);
        foreach (var message in messages)
        {
            Console.Error.WriteLine("  - " + message);
            Log.Fatal("Buurtbudget kan niet starten / Buurtbudget cannot start: {Problem}", message);
        }

        Log.CloseAndFlush();
        return StartError;
    }

    private static List<string> Failures(Exception exception) => exception switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException many when many.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            [.. many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures)],
        _ => [],
    };

    private const string Heading = "Buurtbudget kan niet starten / Buurtbudget cannot start:";

    /// <summary>The message of the exception and of each inner one, once each.</summary>
    private static List<string> Messages(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return messages.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Write(WebApplication app, IReadOnlyList<string> problems)
    {
        var output = OutputOf(app);
        output.WriteLine(Heading);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupFailure).FullName!);
        foreach (var problem in problems)
        {
            output.WriteLine("  - " + problem);
            LogCannotStart(log, problem);
        }
    }

    // The message only: a stack trace would bury the setting to fix (Development writes it to standard error).
    [LoggerMessage(Level = LogLevel.Critical, Message = "Buurtbudget kan niet starten / Buurtbudget cannot start: {Problem}")]
    private static partial void LogCannotStart(Microsoft.Extensions.Logging.ILogger logger, string problem);

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
