using Buurtbudget.StorageBench;

// Votes per second with group commit against one commit per vote, and activation from events against a snapshot,
// on this machine in one run. Usage: Buurtbudget.StorageBench [--postgres CONNECTION] [--seconds S] [--voters N]
//                                                             [--activation-ballots N] [--snapshot-every N]
try
{
    var settings = BenchSettings.Parse(args);
    await Bench.RunAsync(settings, Console.Out);
    return 0;
}
catch (FormatException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync("usage: Buurtbudget.StorageBench [--postgres CONNECTION] [--seconds S] [--voters N] [--activation-ballots N] [--snapshot-every N]");
    return 2;
}
