using Buurtbudget.StorageBench;

// Votes per second with group commit against one commit per vote, first ballots spread over 50 hot rounds against
// one hot round, activation from events against a snapshot, and
// listing 2,000 stored rounds from the read model against activating each, on this machine in one run.
// Usage: Buurtbudget.StorageBench [--postgres CONNECTION] [--seconds S] [--voters N] [--activation-ballots N]
//                                 [--snapshot-every N] [--listed-rounds N] [--hot-rounds N] [--spread-pairs N] [--only voting|spread|activation|listing]
try
{
    var settings = BenchSettings.Parse(args);
    await Bench.RunAsync(settings, Console.Out);
    return 0;
}
catch (FormatException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync("usage: Buurtbudget.StorageBench [--postgres CONNECTION] [--seconds S] [--voters N] [--activation-ballots N] [--snapshot-every N] [--listed-rounds N] [--hot-rounds N] [--spread-pairs N] [--only voting|spread|activation|listing]");
    return 2;
}
