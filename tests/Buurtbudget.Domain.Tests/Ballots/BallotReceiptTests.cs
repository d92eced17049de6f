using System.Security.Cryptography;
using Buurtbudget.Domain.Ballots;
using Buurtbudget.Domain.Tests.Rounds;

namespace Buurtbudget.Domain.Tests.Ballots;

public sealed class BallotReceiptTests
{
    [Theory]
    [InlineData("00443214c74254b635cf", "0123-4567-89AB-CDEF")]
    [InlineData("00000000000000000000", "0000-0000-0000-0000")]
    [InlineData("ffffffffffffffffffff", "ZZZZ-ZZZZ-ZZZZ-ZZZZ")]
    [InlineData("8000000000000000000f", "G000-0000-0000-000F")]
    public void A_known_hash_gives_its_known_receipt(string firstTenBytes, string expected)
    {
        // Only the first 10 of the hash's 32 bytes count: the rest is noise here.
        var hash = Convert.FromHexString(firstTenBytes + new string('a', 44));

        Assert.Equal(expected, BallotReceipt.FromEventHash(hash).ToString());
    }

    [Fact]
    public void The_receipt_is_the_first_80_bits_of_the_hash_in_base32()
    {
        var hash = SHA256.HashData("ballot"u8);

        var digits = BallotReceipt.FromEventHash(hash).ToString().Replace("-", "", StringComparison.Ordinal);
        var number = new System.Numerics.BigInteger(hash.AsSpan(0, 10), isUnsigned: true, isBigEndian: true);
        var expected = new char[16];
        for (var i = 15; i >= 0; i--)
        {
            expected[i] = BallotReceipt.Alphabet[(int)(number % 32)];
            number /= 32;
        }

        Assert.Equal(new string(expected), digits);
    }

    [Fact]
    public void A_receipt_parses_back_as_printed_in_lower_case_and_without_dashes()
    {
        for (var n = 0; n < 100; n++)
        {
            var receipt = BallotReceipt.FromEventHash(SHA256.HashData(BitConverter.GetBytes(n)));
            var printed = receipt.ToString();

            Assert.Equal(receipt, BallotReceipt.Parse(printed));
            Assert.Equal(receipt, BallotReceipt.Parse(printed.ToLowerInvariant()));
            Assert.Equal(receipt, BallotReceipt.Parse(printed.Replace("-", "", StringComparison.Ordinal)));
            Assert.Equal(receipt, BallotReceipt.Parse($" {printed.Replace('-', ' ')} "));
        }
    }

    [Fact]
    public void Look_alike_letters_read_as_the_digits_they_resemble()
    {
        Assert.Equal(BallotReceipt.Parse("0111-0000-0000-0000"), BallotReceipt.Parse("OIlL-oooo-0000-0000"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123-4567-89AB-CDE")]
    [InlineData("0123-4567-89AB-CDEF0")]
    [InlineData("0123-4567-89AB-CDEU")]
    [InlineData("0123_4567_89AB_CDEF")]
    [InlineData("KX7F-9QPM-3TRW-H4N!")]
    public void Malformed_text_is_not_a_receipt(string text)
    {
        Assert.False(BallotReceipt.TryParse(text, out _));
        Assert.Throws<FormatException>(() => BallotReceipt.Parse(text));
        Assert.Equal(BallotReceiptErrors.InvalidReceipt, BallotReceipt.InvalidError(text).Code);
        Assert.Equal(text, BallotReceipt.InvalidError(text)["value"]);
    }

    [Fact]
    public void Null_is_not_a_receipt_and_a_short_hash_has_none()
    {
        Assert.False(BallotReceipt.TryParse(null, out _));
        Assert.Throws<ArgumentException>(() => BallotReceipt.FromEventHash(new byte[9]));
    }

    [Fact]
    public void Receipts_order_as_their_numbers()
    {
        var hashes = Enumerable.Range(0, 200).Select(n => SHA256.HashData(BitConverter.GetBytes(n))).ToList();

        var byReceipt = hashes.OrderBy(h => BallotReceipt.FromEventHash(h)).Select(h => Convert.ToHexString(h, 0, 10));
        var byNumber = hashes.Select(h => Convert.ToHexString(h, 0, 10)).Order(StringComparer.Ordinal);

        Assert.Equal(byNumber, byReceipt);
    }

    [Fact]
    public void A_ballot_knows_the_sequence_of_the_event_that_cast_it()
    {
        var scenario = RoundScenario.InVoting(null, 10_000, 20_000);
        scenario.Vote(1, 1);
        var cast = scenario.State.Version;
        scenario.Vote(2, 2);
        Assert.Equal(cast, scenario.State.Ballots[Sample.Resident(1)].Sequence);

        scenario.Vote(1, 2);

        Assert.Equal(scenario.State.Version, scenario.State.Ballots[Sample.Resident(1)].Sequence);
        Assert.Equal(cast + 1, scenario.State.Ballots[Sample.Resident(2)].Sequence);
    }
}
