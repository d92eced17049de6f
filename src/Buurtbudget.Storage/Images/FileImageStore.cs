using Buurtbudget.Domain.Proposals;
using Buurtbudget.Storage.Events;

namespace Buurtbudget.Storage.Images;

/// <summary>The embedded image store: one file per image under <c>images/</c> in the data directory, in folders by the
/// hash's first two digits so that no folder grows huge. A file is written whole beside its place and renamed into it,
/// so a reader (or a crash) never sees half an image.</summary>
public sealed class FileImageStore : IImageStore
{
    public const string FolderName = "images";

    private readonly string _root;

    public FileImageStore(DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        _root = Path.Combine(dataDirectory.Path, FolderName);
    }

    public async Task PutAsync(ImageHash hash, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        var path = PathOf(hash);
        if (File.Exists(path))
        {
            return;
        }

        var folder = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(folder, $".{hash}.{Guid.NewGuid():N}.tmp");
        try
        {
            DataDirectory.CreateOwnerOnly(folder);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = DataDirectory.OwnerOnlyFile;
            }

            await using (var file = new FileStream(temporary, options))
            {
                await file.WriteAsync(bytes, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            // Same bytes under the same name: whoever renames last replaces an identical file.
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new StorageUnavailableException($"The image store under '{_root}' cannot write an image: {exception.Message}", exception);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public async Task<byte[]?> GetAsync(ImageHash hash, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(hash), cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The image store under '{_root}' cannot read an image: {exception.Message}", exception);
        }
    }

    public Task<bool> DeleteAsync(ImageHash hash, CancellationToken cancellationToken = default)
    {
        var path = PathOf(hash);
        try
        {
            if (!File.Exists(path))
            {
                return Task.FromResult(false);
            }

            File.Delete(path);
            return Task.FromResult(true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The image store under '{_root}' cannot delete an image: {exception.Message}", exception);
        }
    }

    /// <summary>The hashes of the images stored now, in no particular order. Only files where <see cref="PutAsync"/>
    /// puts them count: a temporary file, or anything else an operator left under <c>images/</c>, is not an image.</summary>
    /// <exception cref="StorageUnavailableException">The folder cannot be read.</exception>
    public IEnumerable<ImageHash> ListStored()
    {
        if (!Directory.Exists(_root))
        {
            return [];
        }

        try
        {
            return Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
                .Select(file => (File: file, IsHash: ImageHash.TryParse(Path.GetFileName(file), out var hash), Hash: hash))
                .Where(entry => entry.IsHash && string.Equals(entry.File, PathOf(entry.Hash), StringComparison.Ordinal))
                .Select(entry => entry.Hash)
                .ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The image store under '{_root}' cannot list its images: {exception.Message}", exception);
        }
    }

    private string PathOf(ImageHash hash) =>
        hash.Value is { } value ? Path.Combine(_root, value[..2], value) : throw new ArgumentException("A default image hash names no image.", nameof(hash));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The temporary file is named so that nothing reads it; a leftover only takes space.
        }
    }
}
