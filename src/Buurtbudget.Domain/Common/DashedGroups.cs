namespace Buurtbudget.Domain.Common;

/// <summary>Codes as people read them off paper: in groups of a few symbols joined by dashes (<c>ABCD-EFGH-JK</c>).</summary>
public static class DashedGroups
{
    /// <summary><paramref name="symbols"/> in groups of <paramref name="size"/> (the last one may be shorter), joined
    /// by dashes: one string, built in place (a receipt is formatted for every ballot cast).</summary>
    public static string Format(string symbols, int size)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (symbols.Length <= size)
        {
            return symbols;
        }

        var dashes = (symbols.Length - 1) / size;
        return string.Create(symbols.Length + dashes, (symbols, size), static (text, state) =>
        {
            var (from, size) = state;
            var at = 0;
            for (var start = 0; start < from.Length; start += size)
            {
                if (start > 0)
                {
                    text[at++] = '-';
                }

                var group = from.AsSpan(start, Math.Min(size, from.Length - start));
                group.CopyTo(text[at..]);
                at += group.Length;
            }
        });
    }
}
