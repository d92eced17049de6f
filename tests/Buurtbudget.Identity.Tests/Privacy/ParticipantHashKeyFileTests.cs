using Buurtbudget.Identity.Privacy;
using Buurtbudget.Identity.Tests.Support;

namespace Buurtbudget.Identity.Tests.Privacy;

public sealed class ParticipantHashKeyFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void First_use_creates_a_random_32_byte_key_readable_only_by_its_owner()
    {
        var data = _directory.Combine("data");

        var key = ParticipantHashKeyFile.LoadOrCreate(data);

        Assert.Equal(32, key.Length);
        Assert.NotEqual(new byte[32], key);
        var path = Path.Combine(data, ParticipantHashKeyFile.FileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Later_uses_read_the_same_key()
    {
        var first = ParticipantHashKeyFile.LoadOrCreate(_directory.Path);
        var second = ParticipantHashKeyFile.LoadOrCreate(_directory.Path);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Two_installs_get_different_keys()
    {
        using var other = new TemporaryDirectory();

        Assert.NotEqual(ParticipantHashKeyFile.LoadOrCreate(_directory.Path), ParticipantHashKeyFile.LoadOrCreate(other.Path));
    }

    [Fact]
    public void The_file_holds_the_key_as_it_would_be_configured()
    {
        var key = ParticipantHashKeyFile.LoadOrCreate(_directory.Path);

        var text = File.ReadAllText(Path.Combine(_directory.Path, ParticipantHashKeyFile.FileName)).Trim();

        Assert.Equal(key, new PrivacyOptions { ParticipantHashKey = text }.DecodeKey());
    }

    [Theory]
    [InlineData("this is not base64")]
    [InlineData("AAAA")]
    public void A_damaged_key_file_is_reported(string contents)
    {
        File.WriteAllText(Path.Combine(_directory.Path, ParticipantHashKeyFile.FileName), contents);

        Assert.Throws<InvalidDataException>(() => ParticipantHashKeyFile.LoadOrCreate(_directory.Path));
    }
}
