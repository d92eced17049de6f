using Buurtbudget.Benchmarks;

// Usage, from the repository root:
//   dotnet run -c Release --project loadtests/Buurtbudget.Benchmarks -- [DATA_DIR] [--repeat N] [--only NAME_PART]
//       times every outcome rule on every Pabulib instance (see OutcomeRulesBenchmark).
//   dotnet run -c Release --project loadtests/Buurtbudget.Benchmarks -- ballot-memory [--ballots N] [--window N]
//       what a ballot allocates and leaves for the collector to copy (see BallotMemoryBenchmark).
return args is ["ballot-memory", .. var rest] ? BallotMemoryBenchmark.Run(rest) : OutcomeRulesBenchmark.Run(args);
