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
    public async Task With_letters_each_person_gets_a_code_bound_to_their_sign_in_hash_and_the_codes_go_only_to_the_letters_file()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var keyFile = Path.Combine(_directory.Path, "participant-hash-key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(key));
        var subjects = Path.Combine(_directory.Path, "register.csv");
        await File.WriteAllTextAsync(subjects, "999990019,brief-1\n999990020,brief-2,kx7f-9qpm-3trw-h4nc\n999990032\n");
        var letters = Path.Combine(_directory.Path, "letters.csv");
        const string Round = "0195a1b2-0000-7000-8000-00000000a001";

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(
            ["register-hash", "--issuer", "https://broker.example.nl", "--key-file", keyFile, "--subjects", subjects, "--round", Round, "--letters", letters], output, error);

        Assert.True(exitCode == 0, error.ToString());
        var printed = (await File.ReadAllLinesAsync(letters)).Select(line => line.Split(',')).ToList();
        Assert.Equal(["reference", "code"], printed[0]);
        Assert.Equal(["brief-1", "brief-2"], printed.Skip(1).Select(f => f[0]));
        Assert.Matches("^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$", printed[1][1]);
        Assert.Equal("KX7F-9QPM-3TRW-H4NC", printed[2][1]);

        // The upload: the same keys the platform computes, for the sign-in and for the code in this round and its index.
        var hasher = new ParticipantHasher(key);
        using var json = JsonDocument.Parse(output.ToString());
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal(hasher.Hash("https://broker.example.nl", "999990020").Value, entries[1].GetProperty("person").GetString());
        Assert.Equal(hasher.Hash($"buurtbudget-voting-code:{Round}", "KX7F9QPM3TRWH4NC").Value, entries[1].GetProperty("code").GetString());
        Assert.Equal(hasher.Hash("buurtbudget-voting-code-index", "KX7F9QPM3TRWH4NC").Value, entries[1].GetProperty("codeIndex").GetString());
        Assert.False(entries[2].TryGetProperty("code", out _));
        var upload = output.ToString() + error;
        Assert.DoesNotContain("999990", upload, StringComparison.Ordinal);
        Assert.DoesNotContain("KX7F", upload, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(printed[1][1], upload, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,brief-1\nb,brief-1\n", "appears twice")]
    [InlineData("a,brief-1,KX7F-9QPM-3TRW-H4NC\nb,brief-2,KX7F-9QPM-3TRW-H4NC\n", "already on another letter")]
    [InlineData("a,brief-1,0000-0000-0000-0000\n", "not a voting code")]
    public async Task A_letters_list_that_would_bind_one_code_to_two_people_or_hold_no_code_is_refused(string lines, string expected)
    {
        var keyFile = Path.Combine(_directory.Path, "participant-hash-key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(new byte[32]));
        var subjects = Path.Combine(_directory.Path, "register.csv");
        await File.WriteAllTextAsync(subjects, lines);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(
            ["register-hash", "--issuer", "x", "--key-file", keyFile, "--subjects", subjects, "--round", "0195a1b2-0000-7000-8000-00000000a001", "--letters", Path.Combine(_directory.Path, "l.csv")],
            output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory.Path, "l.csv")));
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
