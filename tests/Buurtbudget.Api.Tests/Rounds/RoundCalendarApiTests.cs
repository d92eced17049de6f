using System.Globalization;
using System.Net;
using Buurtbudget.Api.Tests.Infrastructure;
using Buurtbudget.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Api.Tests.Rounds;

/// <summary>PUT /api/rounds/{roundId}/calendar: the wijk's coordinators set when the round moves on by itself, until
/// voting opens; the round shows its calendar.</summary>
public sealed class RoundCalendarApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>A calendar whose moments lie <paramref name="days"/> days from now, in Dutch time.</summary>
    public static object Calendar(params double[] days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(1));
        return new
        {
            submissionOpens = now.AddDays(days[0]),
            submissionCloses = now.AddDays(days[1]),
            votingOpens = now.AddDays(days[2]),
            votingCloses = now.AddDays(days[3]),
        };
    }

    [Fact]
    public async Task A_coordinator_sets_the_calendar_and_the_round_shows_it()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);
        var opens = new DateTimeOffset(2099, 3, 1, 9, 0, 0, TimeSpan.FromHours(1));
        var body = new { submissionOpens = opens, submissionCloses = opens.AddDays(14), votingOpens = opens.AddDays(21), votingCloses = opens.AddDays(28) };

        var answered = await app.Coordinator(Http.Delfshaven).Put($"/api/rounds/{round}/calendar", body).Ok();
        var read = await app.Resident("lezer", Http.Delfshaven).GetAsync($"/api/rounds/{round}").Ok();

        foreach (var shown in new[] { answered, read })
        {
            var calendar = shown["calendar"]!;
            Assert.Equal(
                [body.submissionOpens, body.submissionCloses, body.votingOpens, body.votingCloses],
                new[] { "submissionOpens", "submissionCloses", "votingOpens", "votingCloses" }
                    .Select(field => DateTimeOffset.Parse((string)calendar[field]!, CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task The_calendars_reminder_is_kept_in_the_sqlite_file_until_voting_closes()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);
        var coordinator = app.Coordinator(Http.Delfshaven);

        await coordinator.Put($"/api/rounds/{round}/calendar", Calendar(7, 21, 28, 35)).Ok();
        Assert.Equal(1L, await RemindersOfAsync(round));

        // The coordinator runs the round by hand before its dates; once voting has closed the calendar has nothing left.
        await RoundScenario.MoveAsync(coordinator, round, "submission");
        await (await app.Resident("indiener", Http.Delfshaven).Post($"/api/rounds/{round}/proposals", Http.Proposal("Bankjes", 80_000))).Json(HttpStatusCode.Created);
        await RoundScenario.MoveAsync(coordinator, round, "review");
        await (await coordinator.Post($"/api/rounds/{round}/proposals/1/review", new { decision = "feasible", approvedCostCents = 80_000 })).Json(HttpStatusCode.OK);
        await RoundScenario.MoveAsync(coordinator, round, "voting");
        Assert.Equal(1L, await RemindersOfAsync(round));
        await RoundScenario.MoveAsync(coordinator, round, "tallied");

        Assert.Equal(0L, await RemindersOfAsync(round));
    }

    private async Task<long> RemindersOfAsync(string round)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Data, SqliteEventStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM reminders WHERE grain_id LIKE '%' || $round || '%';";
        command.Parameters.AddWithValue("$round", Guid.Parse(round).ToString("N"));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_round_without_a_calendar_shows_none()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);

        var read = await app.Admin().GetAsync($"/api/rounds/{round}").Ok();
        var listed = (await app.Admin().GetAsync("/api/rounds").Ok()).AsArray().Single(r => (string?)r!["id"] == round)!;

        Assert.Null(read["calendar"]);
        Assert.Null(listed["votingCloses"]);
    }

    [Fact]
    public async Task The_rounds_list_names_when_voting_closes_for_the_home_page()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);
        var opens = new DateTimeOffset(2099, 3, 1, 9, 0, 0, TimeSpan.FromHours(1));
        var closes = opens.AddDays(28).AddHours(8);
        await app.Coordinator(Http.Delfshaven).Put($"/api/rounds/{round}/calendar", new { submissionOpens = opens, submissionCloses = opens.AddDays(14), votingOpens = opens.AddDays(21), votingCloses = closes }).Ok();

        var listed = (await app.Resident("lezer", Http.Delfshaven).GetAsync("/api/rounds").Ok()).AsArray().Single(r => (string?)r!["id"] == round)!;

        Assert.Equal(closes, DateTimeOffset.Parse((string)listed["votingCloses"]!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Dates_out_of_order_are_refused_naming_both_dates()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);

        var problem = await (await app.Coordinator(Http.Delfshaven).Put($"/api/rounds/{round}/calendar", Calendar(7, 21, 14, 35)))
            .Problem(HttpStatusCode.UnprocessableEntity, "calendar-out-of-order");

        Assert.Contains("'votingOpens'", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("'submissionCloses'", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Null((await app.Admin().GetAsync($"/api/rounds/{round}").Ok())["calendar"]);
    }

    [Fact]
    public async Task A_date_already_passed_is_refused()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);

        var problem = await (await app.Admin().Put($"/api/rounds/{round}/calendar", Calendar(-1, 21, 28, 35)))
            .Problem(HttpStatusCode.UnprocessableEntity, "calendar-moment-passed");

        Assert.Contains("'submissionOpens'", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_date_is_named()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.CreateAsync(app);
        var now = DateTimeOffset.UtcNow;

        var problem = await (await app.Admin().Put($"/api/rounds/{round}/calendar", new { submissionOpens = now.AddDays(1), submissionCloses = now.AddDays(2), votingCloses = now.AddDays(4) }))
            .Problem(HttpStatusCode.BadRequest, "missing-field");

        Assert.Contains("'votingOpens'", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_calendar_is_frozen_once_voting_opens()
    {
        await using var app = new BuurtbudgetApp(_directory);
        var round = await RoundScenario.InVotingAsync(app, 1_000_000, [400_000]);

        await (await app.Coordinator(Http.Delfshaven).Put($"/api/rounds/{round}/calendar", Calendar(7, 21, 28, 35)))
            .Problem(HttpStatusCode.Conflict, "calendar-frozen");
    }
}
