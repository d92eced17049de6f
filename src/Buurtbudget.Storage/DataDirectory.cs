using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage;

/// <summary>The directory that holds the embedded database and the files that belong beside it
/// (such as the API's key file). Resolved once at start: an explicit configured path wins, then the
/// <see cref="EnvironmentVariable"/>, then <see cref="DefaultRelativePath"/> under the current directory.</summary>
public sealed class DataDirectory
{
    public const string EnvironmentVariable = "BUURTBUDGET_DATA";

    public const string DefaultRelativePath = "data";

    private DataDirectory(string path) => Path = path;

    /// <summary>Absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>Resolves from <paramref name="configuredPath"/>, the process environment and the current directory,
    /// and creates the directory if it is missing.</summary>
    public static DataDirectory Resolve(string? configuredPath) =>
        Resolve(configuredPath, Environment.GetEnvironmentVariable(EnvironmentVariable), Directory.GetCurrentDirectory());

    /// <summary>Resolves from explicit inputs, so the rule can be exercised without changing the process environment.
    /// Relative paths are taken relative to <paramref name="currentDirectory"/>. Creates the directory if it is missing.</summary>
    /// <exception cref="StorageUnavailableException">The directory does not exist and cannot be created.</exception>
    public static DataDirectory Resolve(string? configuredPath, string? environmentValue, string currentDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currentDirectory);

        var chosen =
            !string.IsNullOrWhiteSpace(configuredPath) ? configuredPath :
            !string.IsNullOrWhiteSpace(environmentValue) ? environmentValue :
            DefaultRelativePath;

        var fullPath = System.IO.Path.GetFullPath(chosen.Trim(), currentDirectory);
        try
        {
            CreateOwnerOnly(fullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new StorageUnavailableException($"The data directory '{fullPath}' does not exist and cannot be created: {exception.Message}", exception);
        }

        return new DataDirectory(fullPath);
    }

    /// <summary>Owner only (0700): the directory holds every ballot's event and the participant hash key, which no
    /// other account on the machine may read. A directory that already exists keeps the mode its operator gave it.</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Owner only (0600), for the files in the directory.</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/>, and any folder above it that is missing, owner-only (0700); one that
    /// exists keeps its mode. (<see cref="Directory.CreateDirectory(string, UnixFileMode)"/> gives the mode to the last
    /// folder only: the ones above it get the default, 0755 under the usual umask.)</summary>
    public static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (System.IO.Path.GetDirectoryName(System.IO.Path.TrimEndingDirectorySeparator(path)) is { Length: > 0 } parent && !Directory.Exists(parent))
        {
            CreateOwnerOnly(parent);
        }

        Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }

    /// <summary>Creates <paramref name="path"/> empty and owner-only (0600) unless it exists. SQLite gives its
    /// -wal and -shm files the database file's mode, so creating the database this way keeps all three private,
    /// whatever the process's umask.</summary>
    public static void CreateOwnerOnlyFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; it is theirs to have made.
        }
    }

    /// <summary>The full path of a file inside this directory.</summary>
    public string GetFilePath(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (!string.Equals(System.IO.Path.GetFileName(fileName), fileName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
        }

        return System.IO.Path.Combine(Path, fileName);
    }

    public override string ToString() => Path;
}
