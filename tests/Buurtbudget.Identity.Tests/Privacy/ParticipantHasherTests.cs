using Buurtbudget.Identity.Privacy;

namespace Buurtbudget.Identity.Tests.Privacy;

public sealed class ParticipantHasherTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void The_same_issuer_and_subject_always_give_the_same_key()
    {
        Assert.Equal(new ParticipantHasher(Key).Hash("https://idp", "alice"), new ParticipantHasher(Key).Hash("https://idp", "alice"));
    }

    [Fact]
    public void Another_subject_issuer_or_key_gives_another_participant_key()
    {
        var hasher = new ParticipantHasher(Key);
        var alice = hasher.Hash("https://idp", "alice");

        Assert.NotEqual(alice, hasher.Hash("https://idp", "bob"));
        Assert.NotEqual(alice, hasher.Hash("https://other-idp", "alice"));
        Assert.NotEqual(alice, new ParticipantHasher(Enumerable.Repeat((byte)1, 32).ToArray()).Hash("https://idp", "alice"));
    }

    [Fact]
    public void Moving_characters_between_issuer_and_subject_changes_the_key()
    {
        var hasher = new ParticipantHasher(Key);

        Assert.NotEqual(hasher.Hash("https://idp/a", "lice"), hasher.Hash("https://idp/", "alice"));
    }

    [Fact]
    public void The_key_is_an_unpadded_base64url_HMAC_SHA256()
    {
        var key = new ParticipantHasher(Key).Hash("https://idp", "alice").Value;

        Assert.Equal(43, key.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", key);
        Assert.DoesNotContain("alice", key, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_keys_stay_what_they_were()
    {
        // Known answers, computed when the keys were first stored: a change here would part every resident from the
        // ballot, proposals and arguments they already have.
        var hasher = new ParticipantHasher(Key);

        Assert.Equal("t8OreCPiXMGkHGtclrtL2OYDxlnZXzFtZjwcU1-IiBk", hasher.Hash("https://idp", "alice").Value);
        Assert.Equal("wI7mLDbVBUZJkeCLHe19RlY_E4gf1I0ILWq1pDdk5Mw", hasher.Hash("https://login.example/ŝtad", new string('x', 2000) + "é").Value);
    }

    [Fact]
    public void Hashers_with_different_keys_on_the_same_threads_each_use_their_own_key()
    {
        var first = new ParticipantHasher(Key);
        var second = new ParticipantHasher(Enumerable.Repeat((byte)7, 32).ToArray());
        var expectedFirst = first.Hash("https://idp", "alice");
        var expectedSecond = second.Hash("https://idp", "alice");

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var (hasher, expected) = i % 3 == 0 ? (second, expectedSecond) : (first, expectedFirst);
            Assert.Equal(expected, hasher.Hash("https://idp", "alice"));
            Assert.NotEqual(expected, hasher.Hash("https://idp", $"bewoner-{i}"));
        });
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ParticipantHasher(new byte[31]));
    }
}
