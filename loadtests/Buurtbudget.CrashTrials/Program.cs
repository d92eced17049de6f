using Buurtbudget.CrashTrials;

// Crash trials: kill -9 an API node while residents vote, restart it, and check that no acknowledged vote is lost
// or counted twice. loadtests/crash-trials.sh builds and runs this.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the run cleanly (killing the node it started); a second one ends the process.
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};

try
{
    return await CommandLine.RunAsync(args, Console.Out, stop.Token);
}
catch (UsageException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync(CommandLine.Usage);
    return 2;
}
