using Buurtbudget.Identity.Development;

namespace Buurtbudget.Identity.Tests.Support;

/// <summary>One development key per test class: making an RSA key is the slow part, and tests only read it.</summary>
public sealed class DevelopmentKeyFixture : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public DevelopmentKeyFixture() => Key = DevelopmentSigningKey.LoadOrCreate(_directory.Path);

    public string Directory => _directory.Path;

    public DevelopmentSigningKey Key { get; }

    public void Dispose() => _directory.Dispose();
}
