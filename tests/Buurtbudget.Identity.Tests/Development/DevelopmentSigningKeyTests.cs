using Buurtbudget.Identity.Development;
using Buurtbudget.Identity.Tests.Support;

namespace Buurtbudget.Identity.Tests.Development;

public sealed class DevelopmentSigningKeyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void First_use_creates_the_key_file_readable_only_by_its_owner()
    {
        var keys = _directory.Combine("keys");

        var key = DevelopmentSigningKey.LoadOrCreate(keys);

        var path = Path.Combine(keys, DevelopmentSigningKey.FileName);
        Assert.Equal(path, key.Path);
        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        }

        Assert.Empty(Directory.GetFiles(keys, "*.tmp"));
    }

    [Fact]
    public void Second_use_reads_the_same_key()
    {
        var first = DevelopmentSigningKey.LoadOrCreate(_directory.Path);
        var written = File.ReadAllText(first.Path);

        var second = DevelopmentSigningKey.LoadOrCreate(_directory.Path);

        Assert.Equal(first.KeyId, second.KeyId);
        Assert.Equal(written, File.ReadAllText(second.Path));
    }

    [Fact]
    public async Task Processes_that_race_to_create_the_key_agree_on_one()
    {
        using var start = new Barrier(4);
        var keys = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return DevelopmentSigningKey.LoadOrCreate(_directory.Path);
        })));

        Assert.Single(keys.Select(key => key.KeyId).Distinct(StringComparer.Ordinal));
        Assert.Single(Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void The_key_file_is_a_private_jwk()
    {
        var key = DevelopmentSigningKey.LoadOrCreate(_directory.Path);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(key.Path));
        var root = json.RootElement;
        Assert.Equal("RSA", root.GetProperty("kty").GetString());
        Assert.Equal(key.KeyId, root.GetProperty("kid").GetString());
        foreach (var member in new[] { "n", "e", "d", "p", "q", "dp", "dq", "qi" })
        {
            Assert.False(string.IsNullOrEmpty(root.GetProperty(member).GetString()), member);
        }

        Assert.Equal(256, Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(root.GetProperty("n").GetString()).Length);
    }

    [Fact]
    public void A_damaged_key_file_is_reported_not_replaced()
    {
        var path = Path.Combine(_directory.Path, DevelopmentSigningKey.FileName);
        File.WriteAllText(path, """{"kty":"RSA","n":"AQAB"}""");

        var error = Assert.Throws<InvalidDataException>(() => DevelopmentSigningKey.LoadOrCreate(_directory.Path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal("""{"kty":"RSA","n":"AQAB"}""", File.ReadAllText(path));
    }

    [Fact]
    public void The_environment_variable_moves_the_default_directory()
    {
        // The only test that touches the variable; every other test names its directory explicitly.
        var previous = Environment.GetEnvironmentVariable(DevelopmentSigningKey.DirectoryVariable);
        try
        {
            Environment.SetEnvironmentVariable(DevelopmentSigningKey.DirectoryVariable, _directory.Path);
            Assert.Equal(_directory.Path, DevelopmentSigningKey.DefaultDirectory());

            Environment.SetEnvironmentVariable(DevelopmentSigningKey.DirectoryVariable, null);
            Assert.Equal(
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "buurtbudget"),
                DevelopmentSigningKey.DefaultDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable(DevelopmentSigningKey.DirectoryVariable, previous);
        }
    }
}
