using Buurtbudget.Domain.Districts;
using Buurtbudget.Identity.Callers;
using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Privacy;
using Buurtbudget.Identity.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using CommandLine = Buurtbudget.Cli.CommandLine;

namespace Buurtbudget.Identity.Tests.Cli;

/// <summary>The <c>buurtbudget token</c> command, run in-process with a key directory of the test class's own.</summary>
public sealed class TokenCommandTests(DevelopmentKeyFixture key) : IClassFixture<DevelopmentKeyFixture>
{
    [Fact]
    public async Task The_token_printed_for_a_resident_is_accepted_as_that_resident()
    {
        var run = await RunAsync("token", "--role", "resident", "--district", "WK059903", "--subject", "alice");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var token = run.Output.TrimEnd('\n', '\r');
        Assert.DoesNotContain('\n', token);

        await using var validator = new TokenProbe(TestApi.DevelopmentSettings(key.Directory));
        var validation = await validator.ValidateAsync(token);
        Assert.True(validation.Succeeded, validation.ToString());

        var hasher = new ParticipantHasher(new byte[32]);
        var caller = new CallerFactory(Options.Create(new CallerOptions()), hasher).Create(new(validation.Identity));
        Assert.Equal([Role.Resident], caller.Roles);
        Assert.True(caller.IsResidentOf(DistrictCode.Parse("WK059903")));
        Assert.Equal(hasher.Hash(DevelopmentTokenIssuer.Issuer, "alice"), caller.ParticipantKey);
    }

    [Fact]
    public async Task A_coordinator_may_coordinate_several_districts()
    {
        var run = await RunAsync("token", "--role", "coordinator", "--subject", "carla", "--district", "WK059903", "--district", "WK059904");

        Assert.Equal(0, run.ExitCode);
        var jwt = new JsonWebToken(run.Output.Trim());
        Assert.Equal(["WK059903", "WK059904"], jwt.Claims.Where(claim => claim.Type == "districts").Select(claim => claim.Value));
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("admin")]
    public async Task Auditors_and_admins_need_no_district(string role)
    {
        var run = await RunAsync("token", "--role", role, "--subject", "someone");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task The_lifetime_sets_the_expiry()
    {
        var before = DateTime.UtcNow;

        var run = await RunAsync("token", "--role", "auditor", "--subject", "controleur", "--lifetime", "30m");

        Assert.Equal(0, run.ExitCode);
        var expiry = new JsonWebToken(run.Output.Trim()).ValidTo;
        Assert.InRange(expiry, before.AddMinutes(30).AddSeconds(-1), DateTime.UtcNow.AddMinutes(30).AddSeconds(1));
    }

    [Theory]
    [InlineData("--district is required for a resident", "token", "--role", "resident", "--subject", "alice")]
    [InlineData("--district is required for a coordinator", "token", "--role", "coordinator", "--subject", "carla")]
    [InlineData("A resident has one home district", "token", "--role", "resident", "--subject", "alice", "--district", "WK059903", "--district", "WK059904")]
    [InlineData("--district 'WK5990' is not a CBS district code", "token", "--role", "resident", "--subject", "alice", "--district", "WK5990")]
    [InlineData("--role 'mayor' is not a role; use one of resident, coordinator, auditor, admin", "token", "--role", "mayor", "--subject", "alice")]
    [InlineData("--role 'Resident' is not a role", "token", "--role", "Resident", "--subject", "alice", "--district", "WK059903")]
    [InlineData("--lifetime '8 hours' is not a lifetime", "token", "--role", "auditor", "--subject", "a", "--lifetime", "8 hours")]
    [InlineData("--lifetime '30d' is not a lifetime between zero and 7 days", "token", "--role", "auditor", "--subject", "a", "--lifetime", "30d")]
    [InlineData("--lifetime '0h' is not a lifetime", "token", "--role", "auditor", "--subject", "a", "--lifetime", "0h")]
    [InlineData("--subject must be 1 to 255 characters without spaces", "token", "--role", "auditor", "--subject", "alice smith")]
    [InlineData("--subject", "token", "--role", "auditor")]
    [InlineData("--role", "token", "--subject", "alice")]
    [InlineData("Unrecognized command or argument '--colour'", "token", "--role", "auditor", "--subject", "a", "--colour", "blue")]
    public async Task Bad_input_is_explained_on_stderr_with_exit_code_2(string expected, params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_key_file_is_a_failure_explained_on_stderr()
    {
        using var directory = new TemporaryDirectory();
        await File.WriteAllTextAsync(Path.Combine(directory.Path, DevelopmentSigningKey.FileName), "{}");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(
            ["token", "--role", "auditor", "--subject", "a", "--key-directory", directory.Path], output, error);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output.ToString());
        Assert.Contains("is not a valid RSA key", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bewoner-middelland", Role.Resident, "WK059903")]
    [InlineData("bewoner-oude-noorden", Role.Resident, "WK059905")]
    [InlineData("coordinator-middelland", Role.Coordinator, "WK059903")]
    [InlineData("coordinator-oude-noorden", Role.Coordinator, "WK059905")]
    [InlineData("auditor", Role.Auditor, null)]
    [InlineData("admin", Role.Admin, null)]
    public async Task A_persona_token_signs_in_as_that_persona(string name, Role role, string? district)
    {
        var run = await RunAsync("token", "--persona", name);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        await using var validator = new TokenProbe(TestApi.DevelopmentSettings(key.Directory));
        var validation = await validator.ValidateAsync(run.Output.Trim());
        Assert.True(validation.Succeeded, validation.ToString());
        var caller = new CallerFactory(Options.Create(new CallerOptions()), new ParticipantHasher(new byte[32])).Create(new(validation.Identity));
        Assert.Equal(name, caller.Subject);
        Assert.Equal([role], caller.Roles);
        Assert.Equal(district is null ? [] : [district], caller.Districts.Select(d => d.Value));
    }

    [Fact]
    public async Task The_personas_are_listed_one_a_line_with_their_role_and_districts()
    {
        var run = await RunAsync("token", "--list-personas");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(DemoPersonas.All.Select(p => p.Name), lines.Select(line => line.Split('\t')[0]));
        Assert.Contains("bewoner-middelland\tresident\tWK059903\tBewoner van Middelland", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--persona sets the role, subject and districts; leave out --role", "token", "--persona", "admin", "--role", "admin")]
    [InlineData("burgemeester", "token", "--persona", "burgemeester")]
    public async Task A_persona_is_one_of_the_list_and_stands_alone(string expected, params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_is_not_an_error()
    {
        var run = await RunAsync("token", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--role <resident|coordinator|auditor|admin>", run.Output, StringComparison.Ordinal);
    }

    private async Task<CommandRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // Always name the key directory: the default lives in the user's profile, which tests must not touch.
        var exitCode = await CommandLine.RunAsync([.. args, "--key-directory", key.Directory], output, error);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    private sealed record CommandRun(int ExitCode, string Output, string Error);
}
