using System.Text.Json;
using Buurtbudget.Domain.Districts;

namespace Buurtbudget.Domain.Tests.Districts;

public class CbsCodeTests
{
    [Fact]
    public void A_district_code_knows_its_municipality()
    {
        var code = DistrictCode.Parse("WK059903");

        Assert.Equal("WK059903", code.Value);
        Assert.Equal(MunicipalityCode.Parse("GM0599"), code.Municipality);
        Assert.Equal("WK059903", code.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("WK05990")]
    [InlineData("WK0599030")]
    [InlineData("wk059903")]
    [InlineData("BU059903")]
    [InlineData("WK05990A")]
    [InlineData("WK 59903")]
    [InlineData("WK٠٥٩٩٠٣")]
    public void Anything_but_WK_and_six_digits_is_not_a_district_code(string? text)
    {
        Assert.False(DistrictCode.TryParse(text, out _));
        Assert.Throws<FormatException>(() => DistrictCode.Parse(text));
    }

    [Fact]
    public void A_buurt_code_knows_its_district()
    {
        var code = BuurtCode.Parse("BU05990310");

        Assert.Equal(DistrictCode.Parse("WK059903"), code.District);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("BU0599031")]
    [InlineData("BU059903100")]
    [InlineData("WK05990310")]
    [InlineData("BU0599031x")]
    public void Anything_but_BU_and_eight_digits_is_not_a_buurt_code(string? text)
    {
        Assert.False(BuurtCode.TryParse(text, out _));
        Assert.Throws<FormatException>(() => BuurtCode.Parse(text));
    }

    [Theory]
    [InlineData("GM0363", true)]
    [InlineData("GM363", false)]
    [InlineData("GM03630", false)]
    [InlineData("gm0363", false)]
    public void A_municipality_code_is_GM_and_four_digits(string text, bool valid)
    {
        Assert.Equal(valid, MunicipalityCode.TryParse(text, out _));
    }

    [Fact]
    public void Codes_travel_as_their_text_and_are_checked_on_reading()
    {
        Assert.Equal("\"WK036301\"", JsonSerializer.Serialize(DistrictCode.Parse("WK036301")));
        Assert.Equal(BuurtCode.Parse("BU03630101"), JsonSerializer.Deserialize<BuurtCode>("\"BU03630101\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DistrictCode>("\"WK12\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BuurtCode>("\"BU1\""));
    }

    [Fact]
    public void An_invalid_district_code_becomes_a_domain_error_naming_it()
    {
        var error = DistrictCode.InvalidError("WK12");

        Assert.Equal(DistrictErrors.InvalidDistrictCode, error.Code);
        Assert.Equal("WK12", error["value"]);
    }

    [Theory]
    [InlineData(51.9, 4.45, true)]
    [InlineData(90, 180, true)]
    [InlineData(-90, -180, true)]
    [InlineData(90.01, 0, false)]
    [InlineData(0, -180.01, false)]
    [InlineData(double.NaN, 0, false)]
    public void A_location_is_valid_only_on_earth(double latitude, double longitude, bool valid)
    {
        Assert.Equal(valid, new GeoPoint(latitude, longitude).IsValid);
    }
}
