namespace Buurtbudget.Benchmarks;

internal static class Arguments
{
    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>; null if it is not there.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
