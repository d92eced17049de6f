using System.Runtime.Versioning;

namespace Buurtbudget.Storage.Tests;

public sealed class DataDirectoryTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void An_explicit_path_wins_over_the_environment()
    {
        var directory = DataDirectory.Resolve(_root.Combine("explicit"), _root.Combine("from-env"), _root.Path);

        Assert.Equal(_root.Combine("explicit"), directory.Path);
        Assert.True(Directory.Exists(directory.Path));
        Assert.False(Directory.Exists(_root.Combine("from-env")));
    }

    [Fact]
    public void The_environment_variable_is_used_when_nothing_is_configured()
    {
        var directory = DataDirectory.Resolve(configuredPath: "  ", environmentValue: _root.Combine("from-env"), currentDirectory: _root.Path);

        Assert.Equal(_root.Combine("from-env"), directory.Path);
        Assert.True(Directory.Exists(directory.Path));
    }

    [Fact]
    public void Without_configuration_or_environment_it_is_data_under_the_current_directory()
    {
        var directory = DataDirectory.Resolve(configuredPath: null, environmentValue: "", currentDirectory: _root.Path);

        Assert.Equal(_root.Combine("data"), directory.Path);
        Assert.True(Directory.Exists(directory.Path));
    }

    [Fact]
    public void A_relative_path_is_taken_from_the_current_directory()
    {
        var directory = DataDirectory.Resolve(Path.Combine("var", "buurtbudget"), environmentValue: null, currentDirectory: _root.Path);

        Assert.Equal(Path.Combine(_root.Path, "var", "buurtbudget"), directory.Path);
        Assert.True(Directory.Exists(directory.Path));
    }

    // Unix modes are what this checks: the platform runs on Linux (Debian), and on Windows this fails rather than passing
    // with nothing checked.
    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Every_folder_it_creates_is_the_owners_only_and_one_that_exists_keeps_its_mode()
    {
        var existing = Directory.CreateDirectory(_root.Combine("srv"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute).FullName;
        var before = File.GetUnixFileMode(existing);

        var directory = DataDirectory.Resolve(Path.Combine("srv", "buurtbudget", "data"), environmentValue: null, currentDirectory: _root.Path);

        Assert.Equal(DataDirectory.OwnerOnlyDirectory, File.GetUnixFileMode(directory.Path));
        Assert.Equal(DataDirectory.OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(existing, "buurtbudget")));
        Assert.Equal(before, File.GetUnixFileMode(existing));
    }

    [Fact]
    public void The_process_form_also_lets_an_explicit_path_win()
    {
        // Only the explicit case here: the test must not depend on, change or write into the real environment.
        var directory = DataDirectory.Resolve(_root.Combine("explicit"));

        Assert.Equal(_root.Combine("explicit"), directory.Path);
    }

    [Fact]
    public void A_directory_that_cannot_be_created_is_reported_as_unavailable()
    {
        var blocker = _root.Combine("a-file");
        File.WriteAllText(blocker, "not a directory");

        Assert.Throws<Buurtbudget.Storage.Events.StorageUnavailableException>(
            () => DataDirectory.Resolve(Path.Combine(blocker, "data"), null, _root.Path));
    }

    [Fact]
    public void Files_live_directly_inside_it()
    {
        var directory = DataDirectory.Resolve(_root.Combine("files"), null, _root.Path);

        Assert.Equal(Path.Combine(directory.Path, "signing-key.json"), directory.GetFilePath("signing-key.json"));
        Assert.Throws<ArgumentException>(() => directory.GetFilePath(Path.Combine("..", "escape.json")));
    }
}
