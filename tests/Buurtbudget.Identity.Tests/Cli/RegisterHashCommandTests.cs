using System.Text.Json;
using Buurtbudget.Identity.Privacy;
using Buurtbudget.Identity.Tests.Support;
using CommandLine = Buurtbudget.Cli.CommandLine;

namespace Buurtbudget.Identity.Tests.Cli;

/// <summary><c>buurtbudget register-hash</c>: the hashes it prints are exactly the participant keys the platform
/// gives the same people when they sign in, so a register built at the municipality admits them.</summary>
public sealed class RegisterHashCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_register_holds_each_subjects_participant_key_once()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var keyFile = Path.Combine(_directory.Path, "participant-hash-key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(key) + "\n");
        var subjects = Path.Combine(_directory.Path, "subjects.txt");
        await File.WriteAllTextAsync(subjects, "alice\n\n  bob  \nalice\n");

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(["register-hash", "--issuer", "https://broker.example.nl", "--key-file", keyFile, "--subjects", subjects, "--json"], output, error);

        Assert.Equal(0, exitCode);
        var hasher = new ParticipantHasher(key);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(
            [hasher.Hash("https://broker.example.nl", "alice").Value, hasher.Hash("https://broker.example.nl", "bob").Value],
            json.RootElement.GetProperty("voters").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("alice", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_key_is_refused_as_a_usage_error()
    {
        var keyFile = Path.Combine(_directory.Path, "short-key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(new byte[8]));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(["register-hash", "--issuer", "x", "--key-file", keyFile, "--subjects", keyFile], output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("at least 32 bytes", error.ToString(), StringComparison.Ordinal);
    }
}
