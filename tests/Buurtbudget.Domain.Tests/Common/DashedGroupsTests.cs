using Buurtbudget.Domain.Common;

namespace Buurtbudget.Domain.Tests.Common;

public class DashedGroupsTests
{
    [Theory]
    [InlineData("0123456789ABCDEF", 4, "0123-4567-89AB-CDEF")]
    [InlineData("0123456789", 4, "0123-4567-89")]
    [InlineData("01234", 4, "0123-4")]
    [InlineData("0123", 4, "0123")]
    [InlineData("01", 4, "01")]
    [InlineData("", 4, "")]
    [InlineData("abc", 1, "a-b-c")]
    public void Symbols_are_grouped_from_the_start_and_joined_by_dashes(string symbols, int size, string printed)
    {
        Assert.Equal(printed, DashedGroups.Format(symbols, size));
    }

    [Fact]
    public void A_group_holds_at_least_one_symbol()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DashedGroups.Format("abc", 0));
    }
}
