using Buurtbudget.Domain.Proposals;
using Buurtbudget.Storage.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Buurtbudget.Storage.Images;

public static class ImageStoreRegistration
{
    /// <summary>Registers the image store that goes with the registered <see cref="IEventStore"/>: a store that keeps
    /// images itself (PostgreSQL, so every node of a cluster sees them) serves them; otherwise (SQLite, embedded) the
    /// images are files in the data directory.</summary>
    public static IServiceCollection TryAddImageStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IImageStore>(provider => provider.GetRequiredService<IEventStore>() is IImageStore store
            ? new BorrowedImageStore(store)
            : new FileImageStore(provider.GetRequiredService<DataDirectory>()));
        return services;
    }

    /// <summary>The container disposes what a factory returns; the store belongs to whoever registered the event store.</summary>
    private sealed class BorrowedImageStore(IImageStore store) : IImageStore
    {
        public Task PutAsync(ImageHash hash, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) => store.PutAsync(hash, bytes, cancellationToken);

        public Task<byte[]?> GetAsync(ImageHash hash, CancellationToken cancellationToken = default) => store.GetAsync(hash, cancellationToken);

        public Task<bool> DeleteAsync(ImageHash hash, CancellationToken cancellationToken = default) => store.DeleteAsync(hash, cancellationToken);
    }
}
