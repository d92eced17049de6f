using Buurtbudget.Domain.Pabulib;

namespace Buurtbudget.Domain.Tests.Pabulib;

public class OpenDataWriterTests
{
    private static string Cell(string value) =>
        OpenDataWriter.Csv(["title"], [[value]]).Split("\r\n")[1];

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"klik\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(string value, string written) =>
        Assert.Equal(written, Cell(value));

    [Theory]
    [InlineData("Speeltuin Middelland")]
    [InlineData("-4.47")]
    [InlineData("-12")]
    [InlineData("1500000")]
    [InlineData("")]
    [InlineData("Bankje = rust")]
    public void Other_cells_and_plain_numbers_are_written_as_they_are(string value) =>
        Assert.Equal(value, Cell(value));
}
