using System.Text;

namespace Buurtbudget.Identity.KeyFiles;

/// <summary>A small secret kept in a file only its owner can read (mode 0600 in a 0700 directory),
/// created by whichever process needs it first. Two processes that race (the API and the CLI started
/// together) end up with the same secret: each writes its candidate to a temporary file and links it
/// into place without overwriting, and then every process reads back whatever won.</summary>
internal static class PrivateKeyFile
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string ReadOrCreate(string path, Func<string> createContents)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(createContents);

        if (File.Exists(path))
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))
            ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        CreateOwnerOnlyDirectory(directory);

        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteOwnerOnly(temporary, createContents());
            try
            {
                // Without overwrite, .NET links the file into place on Unix, which fails if another
                // process got there first: the first complete file wins and is never replaced.
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Lost the race: the winner's key is the key.
            }
        }
        finally
        {
            File.Delete(temporary);
        }

        return File.ReadAllText(path, Encoding.UTF8);
    }

    private static void CreateOwnerOnlyDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            // The user's profile is already private to the user on Windows.
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }
    }

    private static void WriteOwnerOnly(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Set at creation, not after: there is no moment at which the secret is readable by others.
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using var stream = new FileStream(path, options);
        var bytes = Encoding.UTF8.GetBytes(contents);
        stream.Write(bytes);
        // The file must be complete on disk before it becomes visible under its real name.
        stream.Flush(flushToDisk: true);
    }
}
