using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Buurtbudget.Domain.Common;

/// <summary>An amount of money in whole eurocents. Never floating point: every sum is exact and
/// every overflow throws (the build has checked arithmetic on).</summary>
[JsonConverter(typeof(MoneyJsonConverter))]
public readonly record struct Money : IComparable<Money>
{
    /// <summary>The largest amount the platform accepts anywhere: € 1 billion. Anything above is a typo.</summary>
    public static readonly Money Ceiling = new(100_000_000_000);

    public Money(long cents) => Cents = cents;

    public long Cents { get; }

    public static Money Zero => default;

    public static Money FromEuros(long euros) => new(checked(euros * 100));

    public bool IsPositive => Cents > 0;

    public bool IsNegative => Cents < 0;

    public static Money operator +(Money left, Money right) => new(checked(left.Cents + right.Cents));

    public static Money operator -(Money left, Money right) => new(checked(left.Cents - right.Cents));

    public static bool operator <(Money left, Money right) => left.Cents < right.Cents;

    public static bool operator >(Money left, Money right) => left.Cents > right.Cents;

    public static bool operator <=(Money left, Money right) => left.Cents <= right.Cents;

    public static bool operator >=(Money left, Money right) => left.Cents >= right.Cents;

    public int CompareTo(Money other) => Cents.CompareTo(other.Cents);

    public static Money Sum(IEnumerable<Money> amounts)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var total = Zero;
        foreach (var amount in amounts)
        {
            total += amount;
        }

        return total;
    }

    /// <summary>Dutch notation as residents read it: "€ 12.500,00".</summary>
    public string ToDutchString() => Format(".", ",");

    /// <summary>English notation: "€12,500.00".</summary>
    public string ToEnglishString() => Format(",", ".").Replace("€ ", "€", StringComparison.Ordinal);

    public override string ToString() => ToDutchString();

    private string Format(string thousands, string decimals)
    {
        var sign = Cents < 0 ? "-" : "";
        var abs = Cents == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(Cents);
        var euros = (abs / 100).ToString("#,0", CultureInfo.InvariantCulture).Replace(",", thousands, StringComparison.Ordinal);
        var cents = (abs % 100).ToString("00", CultureInfo.InvariantCulture);
        return $"{sign}€ {euros}{decimals}{cents}";
    }
}

/// <summary>Money travels as a whole number of eurocents on the wire and in events.</summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var cents))
        {
            throw new JsonException("An amount of money is a whole number of eurocents, e.g. 1250000 for € 12.500,00.");
        }

        return new Money(cents);
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.Cents);
    }
}
