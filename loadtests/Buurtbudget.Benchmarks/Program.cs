using Buurtbudget.Benchmarks;

// Usage, from the repository root:
//   dotnet run -c Release --project loadtests/Buurtbudget.Benchmarks -- [DATA_DIR] [--repeat N] [--only NAME_PART]
//       times every outcome rule on every Pabulib instance (see OutcomeRulesBenchmark).
//   dotnet run -c Release --project loadtests/Buurtbudget.Benchmarks -- ballot-memory [--ballots N] [--window N]
//       what a ballot allocates and leaves for the collector to copy (see BallotMemoryBenchmark).
//   dotnet run -c Release --project loadtests/Buurtbudget.Benchmarks -- rate-limits [--keys N] [--idle-seconds S]
//       what a per-resident limit costs with many residents, keyed limits against ASP.NET Core's (see RateLimitBenchmark).
//   dotnet run -c Release --project loadtests/Buurtbudget.Benchmarks -- logging [--lines N] [--threads N] [--rate N]
//       what a request's log line costs, Serilog's console sink against the buffered one (see LoggingBenchmark).
return args switch
{
    ["ballot-memory", .. var rest] => BallotMemoryBenchmark.Run(rest),
    ["rate-limits", .. var rest] => RateLimitBenchmark.Run(rest),
    ["logging", .. var rest] => LoggingBenchmark.Run(rest),
    _ => OutcomeRulesBenchmark.Run(args),
};
