using System.Security.Cryptography;
using Buurtbudget.Domain.Proposals;
using Buurtbudget.Storage.Images;

namespace Buurtbudget.Storage.Tests.Images;

/// <summary>What every image store does, run against the files of the embedded install and against PostgreSQL.</summary>
public abstract class ImageStoreContract : IAsyncLifetime
{
    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract IImageStore CreateStore();

    protected static (ImageHash Hash, byte[] Bytes) Picture(int size = 5000)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        return (ImageHash.Parse(Convert.ToHexStringLower(SHA256.HashData(bytes))), bytes);
    }

    [Fact]
    public async Task Stored_bytes_come_back_by_their_hash_and_storing_them_again_changes_nothing()
    {
        var store = CreateStore();
        var (hash, bytes) = Picture();

        await store.PutAsync(hash, bytes);
        await store.PutAsync(hash, bytes);

        Assert.Equal(bytes, await store.GetAsync(hash));
    }

    [Fact]
    public async Task Deleted_bytes_are_gone_and_a_second_delete_finds_nothing()
    {
        var store = CreateStore();
        var (hash, bytes) = Picture();
        var (other, otherBytes) = Picture();
        await store.PutAsync(hash, bytes);
        await store.PutAsync(other, otherBytes);

        Assert.True(await store.DeleteAsync(hash));

        Assert.Null(await store.GetAsync(hash));
        Assert.False(await store.DeleteAsync(hash));
        Assert.Equal(otherBytes, await store.GetAsync(other));
    }

    [Fact]
    public async Task An_unknown_hash_has_no_bytes()
    {
        var (hash, _) = Picture();

        Assert.Null(await CreateStore().GetAsync(hash));
    }

    [Fact]
    public async Task Ten_megabytes_are_stored_whole()
    {
        var store = CreateStore();
        var (hash, bytes) = Picture(10 * 1024 * 1024);

        await store.PutAsync(hash, bytes);

        Assert.Equal(bytes, await store.GetAsync(hash));
    }
}
