using Buurtbudget.Storage.Images;

namespace Buurtbudget.Storage.Tests.Images;

public sealed class FileImageStoreTests : ImageStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override IImageStore CreateStore() => new FileImageStore(DataDirectory.Resolve(_directory.Path, null, _directory.Path));

    [Fact]
    public async Task An_image_is_one_file_named_by_its_hash_readable_by_the_owner_only_with_no_temporary_file_left()
    {
        var (hash, bytes) = Picture();

        await CreateStore().PutAsync(hash, bytes);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_directory.Path, FileImageStore.FolderName), "*", SearchOption.AllDirectories));
        Assert.Equal(hash.Value, Path.GetFileName(file));
        Assert.Equal(hash.Value[..2], Path.GetFileName(Path.GetDirectoryName(file)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(DataDirectory.OwnerOnlyFile, File.GetUnixFileMode(file));
        }
    }
}
