using Buurtbudget.Domain.VotingCodes;

namespace Buurtbudget.Domain.Tests.VotingCodes;

public class VotingCodeTests
{
    [Fact]
    public void The_alphabet_has_no_symbols_people_mix_up_and_no_repeats()
    {
        foreach (var ambiguous in "0O1IL")
        {
            Assert.DoesNotContain(ambiguous, VotingCode.Alphabet.ToCharArray());
        }

        Assert.Equal(VotingCode.Alphabet.Length, VotingCode.Alphabet.Distinct().Count());
        Assert.All(VotingCode.Alphabet, symbol => Assert.True(char.IsAsciiDigit(symbol) || char.IsAsciiLetterUpper(symbol)));
    }

    [Fact]
    public void A_code_has_at_least_60_bits_of_entropy()
    {
        Assert.True(VotingCode.EntropyBits >= 60, $"{VotingCode.EntropyBits} bits");
        Assert.Equal(VotingCode.Length * Math.Log2(30), VotingCode.EntropyBits, 6);
    }

    [Fact]
    public void Generated_codes_use_only_the_alphabet_at_full_length()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var code = VotingCode.Generate();
            Assert.Equal(VotingCode.Length, code.Length);
            Assert.All(code, symbol => Assert.Contains(symbol, VotingCode.Alphabet.ToCharArray()));
        }
    }

    [Fact]
    public void A_hundred_thousand_codes_have_no_duplicates_and_use_every_symbol()
    {
        var codes = Enumerable.Range(0, 100_000).Select(_ => VotingCode.Generate()).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        // 1.6 million symbols: a symbol that never turns up means the draw is not uniform over the alphabet.
        Assert.Equal(VotingCode.Alphabet.Order(), codes.SelectMany(c => c).Distinct().Order());
    }

    [Fact]
    public void Codes_are_printed_in_groups_of_four()
    {
        Assert.Equal("KX7F-9QPM-3TRW-H4NC", VotingCode.Format("KX7F9QPM3TRWH4NC"));
    }

    [Theory]
    [InlineData("KX7F-9QPM-3TRW-H4NC")]
    [InlineData("kx7f9qpm3trwh4nc")]
    [InlineData(" kx7f 9qpm - 3TRW  h4nc ")]
    [InlineData("KX7F\u20139QPM\u20133TRW\u2013H4NC")]
    public void Typed_codes_are_normalised_ignoring_case_spaces_and_dashes(string typed)
    {
        Assert.True(VotingCode.TryNormalize(typed, out var code));
        Assert.Equal("KX7F9QPM3TRWH4NC", code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("KX7F-9QPM-3TRW")]
    [InlineData("KX7F-9QPM-3TRW-H4NCX")]
    [InlineData("KX7F-9QPM-3TRW-H4N0")]
    [InlineData("KX7F-9QPM-3TRW-H4NO")]
    [InlineData("KX7F_9QPM_3TRW_H4NC")]
    public void Text_that_cannot_be_a_code_is_not_normalised(string? typed)
    {
        Assert.False(VotingCode.TryNormalize(typed, out var code));
        Assert.Equal("", code);
    }
}
