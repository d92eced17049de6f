using System.Collections.Immutable;

namespace Buurtbudget.Domain.Common;

/// <summary>An expected failure, returned as a value: a command that breaks a rule of the round.
/// <see cref="Code"/> is stable (it becomes the problem-details type URI); <see cref="Arguments"/>
/// fill in the Dutch and English texts that the API shows. Programmer errors throw instead.</summary>
public sealed record DomainError(string Code, ImmutableSortedDictionary<string, string> Arguments)
{
    public static DomainError Of(string code, params (string Name, object? Value)[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in arguments)
        {
            builder[name] = value switch
            {
                null => "",
                Money money => money.ToDutchString(),
                IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
        }

        return new DomainError(code, builder.ToImmutable());
    }

    public string? this[string name] => Arguments.TryGetValue(name, out var value) ? value : null;

    public override string ToString() =>
        Arguments.Count == 0 ? Code : $"{Code} ({string.Join(", ", Arguments.Select(a => $"{a.Key}={a.Value}"))})";
}
