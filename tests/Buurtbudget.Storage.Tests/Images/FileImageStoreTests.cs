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

            // The folders too, whatever the process's umask: a listing of names is a listing of which pictures exist.
            Assert.Equal(DataDirectory.OwnerOnlyDirectory, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
            Assert.Equal(DataDirectory.OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(_directory.Path, FileImageStore.FolderName)));
        }
    }

    [Fact]
    public async Task The_stored_images_are_listed_by_hash_and_nothing_else_under_the_folder_counts_as_one()
    {
        var store = (FileImageStore)CreateStore();
        var (first, firstBytes) = Picture();
        var (second, secondBytes) = Picture();
        await store.PutAsync(first, firstBytes);
        await store.PutAsync(second, secondBytes);
        var folder = Path.Combine(_directory.Path, FileImageStore.FolderName);
        await File.WriteAllTextAsync(Path.Combine(folder, first.Value[..2], $".{first}.0123.tmp"), "half");
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "operator's");
        var misplaced = Directory.CreateDirectory(Path.Combine(folder, second.Value[..2] == "00" ? "01" : "00")).FullName;
        File.Copy(Path.Combine(folder, second.Value[..2], second.Value), Path.Combine(misplaced, second.Value));

        var listed = store.ListStored().Select(hash => hash.Value).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { first.Value, second.Value }.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public void A_store_with_no_images_yet_lists_none()
    {
        Assert.Empty(((FileImageStore)CreateStore()).ListStored());
    }
}
