using Buurtbudget.Domain.Proposals;

namespace Buurtbudget.Storage.Images;

/// <summary>The pictures the platform made of residents' uploads, by the SHA-256 of their bytes (their
/// <see cref="ImageHash"/>). Personal data (faces, houses), kept apart from the event log: the log keeps only the
/// hashes, so an image's bytes can be deleted while the log still proves what was shown.</summary>
public interface IImageStore
{
    /// <summary>Stores <paramref name="bytes"/> under <paramref name="hash"/>, durably before it returns. Storing the
    /// same bytes again changes nothing.</summary>
    Task PutAsync(ImageHash hash, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default);

    /// <summary>The bytes stored under <paramref name="hash"/>, or null when there are none (never stored, or deleted).</summary>
    Task<byte[]?> GetAsync(ImageHash hash, CancellationToken cancellationToken = default);

    /// <summary>Deletes the bytes; false when there were none.</summary>
    Task<bool> DeleteAsync(ImageHash hash, CancellationToken cancellationToken = default);
}
