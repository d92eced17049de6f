using Buurtbudget.Api.Arguments;
using Buurtbudget.Api.Audit;
using Buurtbudget.Api.Ballots;
using Buurtbudget.Api.Development;
using Buurtbudget.Api.Development.Oidc;
using Buurtbudget.Api.Health;
using Buurtbudget.Api.Hosting;
using Buurtbudget.Api.Hosting.Dashboard;
using Buurtbudget.Api.Images;
using Buurtbudget.Api.Imports;
using Buurtbudget.Api.News;
using Buurtbudget.Api.OpenData;
using Buurtbudget.Api.Outcomes;
using Buurtbudget.Api.PaperBallots;
using Buurtbudget.Api.Proposals;
using Buurtbudget.Api.Registers;
using Buurtbudget.Api.Rounds;
using Buurtbudget.Api.Spending;
using Buurtbudget.Api.Telemetry;
using Buurtbudget.Api.VotingCodes;
using Buurtbudget.Api.WebClient;
using Buurtbudget.Api.Wijken;
using Serilog;

// Logging's first stage, so that a start that fails before the host exists is logged too.
Log.Logger = Logging.CreateBootstrapLogger();
WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddBuurtbudgetLogging();
    builder.Services.AddBuurtbudgetApi(builder.Configuration, builder.Environment);
    builder.Services.AddBuurtbudgetNews(builder.Configuration);
    app = builder.Build();
}
catch (Exception exception) when (exception is not HostAbortedException)
{
    // HostAbortedException is how a test host (WebApplicationFactory) takes the built host and stops this method.
    return StartupFailure.ReportBeforeHost(exception);
}

if (StartupFailure.CheckConfiguration(app) is { } configurationError)
{
    // Disposing the host flushes its logger, so that the problems reach the configured sinks before the process ends.
    await app.DisposeAsync();
    return configurationError;
}

app.UseBuurtbudgetPipeline();

app.MapOpenApi().AllowAnonymous();
app.MapHealthApi();
app.MapPingApi();
app.MapRoundsApi();
app.MapWijkBudgetApi();
app.MapProposalsApi();
app.MapProposalImagesApi();
app.MapArgumentsApi();
app.MapBallotsApi();
app.MapBulletinBoardApi();
app.MapResultsApi();
app.MapEventLogApi();
app.MapRecountApi();
app.MapRoundExportApi();
app.MapAuditSignOffApi();
app.MapSpendingApi();
app.MapCityOpenDataApi();
app.MapPabulibApi();
app.MapVoterRegisterApi();
app.MapVotingCodesApi();
app.MapPaperBallotsApi();
app.MapNewsApi();
app.MapWebClientApi();
app.MapClusterDashboard();
app.MapMetricsApi();
app.MapDevelopmentSignInApi();
app.MapDevelopmentOidcApi();

try
{
    // The silo starts, then the seeds load (a hosted service after it), then the server takes requests. Not RunAsync:
    // it disposes the host before a failed start reaches this handler, which then cannot log through the host.
    await app.StartAsync();
}
catch (Exception exception)
{
    var startError = StartupFailure.Report(app, exception);
    await app.DisposeAsync();
    return startError;
}

await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;

/// <summary>The API host; public so that tests can start it with WebApplicationFactory.</summary>
public partial class Program;
