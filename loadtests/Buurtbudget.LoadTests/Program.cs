using Buurtbudget.LoadTests;
using Buurtbudget.LoadTesting.Voting;

// The load tests of the hot voting path: loadtests/load-tests.sh builds and runs this.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};

try
{
    var options = LoadTestOptions.Parse(args);
    var report = await LoadTestRun.RunAsync(options, Console.Out, stop.Token);
    return report.Passed ? 0 : 1;
}
catch (UsageException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync(LoadTestOptions.Usage);
    return 2;
}
catch (TrialException exception)
{
    await Console.Error.WriteLineAsync($"The load test could not be carried out: {exception.Message}");
    return 3;
}
