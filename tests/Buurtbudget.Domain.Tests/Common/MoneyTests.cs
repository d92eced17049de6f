using System.Text.Json;
using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Tests.Common;

public class MoneyTests
{
    [Theory]
    [InlineData(0L, "€ 0,00", "€0.00")]
    [InlineData(5L, "€ 0,05", "€0.05")]
    [InlineData(1_250_000L, "€ 12.500,00", "€12,500.00")]
    [InlineData(123_456_789L, "€ 1.234.567,89", "€1,234,567.89")]
    [InlineData(-99_950L, "-€ 999,50", "-€999.50")]
    [InlineData(100_000_000_000L, "€ 1.000.000.000,00", "€1,000,000,000.00")]
    public void Money_is_written_the_Dutch_and_the_English_way(long cents, string dutch, string english)
    {
        var money = new Money(cents);

        Assert.Equal(dutch, money.ToDutchString());
        Assert.Equal(english, money.ToEnglishString());
        Assert.Equal(dutch, money.ToString());
    }

    [Fact]
    public void The_smallest_long_is_written_without_overflowing()
    {
        Assert.Equal("-€ 92.233.720.368.547.758,08", new Money(long.MinValue).ToDutchString());
    }

    [Fact]
    public void Sums_and_differences_are_exact()
    {
        Assert.Equal(new Money(30), new Money(10) + new Money(20));
        Assert.Equal(new Money(-10), new Money(10) - new Money(20));
        Assert.Equal(Money.FromEuros(3), Money.Sum([Money.FromEuros(1), new Money(150), new Money(50)]));
        Assert.Equal(Money.Zero, Money.Sum([]));
    }

    [Fact]
    public void Overflow_throws_instead_of_wrapping()
    {
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue) + new Money(1));
        Assert.Throws<OverflowException>(() => new Money(long.MinValue) - new Money(1));
        Assert.Throws<OverflowException>(() => Money.FromEuros(long.MaxValue / 50));
        Assert.Throws<OverflowException>(() => Money.Sum([new Money(long.MaxValue), new Money(long.MaxValue)]));
    }

    [Fact]
    public void Amounts_compare_by_value()
    {
        Assert.True(new Money(1) > Money.Zero);
        Assert.True(Money.Zero < new Money(1));
        Assert.True(new Money(5) <= new Money(5));
        Assert.True(new Money(5) >= new Money(5));
        Assert.True(new Money(1).IsPositive);
        Assert.True(new Money(-1).IsNegative);
        Assert.False(Money.Zero.IsPositive);
        Assert.Equal([new Money(-3), Money.Zero, new Money(7)], new[] { new Money(7), new Money(-3), Money.Zero }.Order());
    }

    [Fact]
    public void Money_travels_as_whole_eurocents()
    {
        Assert.Equal("1250000", JsonSerializer.Serialize(new Money(1_250_000)));
        Assert.Equal(new Money(1_250_000), JsonSerializer.Deserialize<Money>("1250000"));
    }

    [Theory]
    [InlineData("12.5")]
    [InlineData("\"1250000\"")]
    [InlineData("1e30")]
    public void Money_refuses_anything_but_whole_cents_on_the_wire(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Money>(json));
    }
}
