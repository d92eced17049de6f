using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.Backups;
using Buurtbudget.Storage.Events;
using Buurtbudget.Storage.Sqlite;

namespace Buurtbudget.Storage.Tests.Backups;

/// <summary>Export and import between SQLite stores; the PostgreSQL side is in <see cref="PostgresBackupTests"/>.</summary>
public sealed class RoundTransferTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 15, 0, TimeSpan.FromHours(1));

    private readonly TemporaryDirectory _root = new();
    private SqliteEventStore? _source;
    private SqliteEventStore? _target;

    private SqliteEventStore Source => _source!;

    private SqliteEventStore Target => _target!;

    public Task InitializeAsync()
    {
        _source = new SqliteEventStore(DataDirectory.Resolve(_root.Combine("source")), TimeProvider.System);
        _target = new SqliteEventStore(DataDirectory.Resolve(_root.Combine("target")), TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task An_exported_round_imports_into_an_empty_store_byte_for_byte()
    {
        var round = await SeedAsync(Source, 25);

        var json = await ExportAsync(Source, round);
        var import = await RoundTransfer.ImportAsync(Target, new MemoryStream(json));

        Assert.True(import.IsAccepted, import.Message);
        Assert.Equal(25, import.ImportedCount);
        await AssertSameEventsAsync(Source, Target, round);
        Assert.Equal(26, (await Target.AppendAsync(round, 25, [Vote(26)]))[0].Sequence);
    }

    [Fact]
    public async Task The_document_names_every_field_an_offline_verifier_needs()
    {
        var round = await SeedAsync(Source, 2);

        var document = JsonNode.Parse(await ExportAsync(Source, round))!;
        var first = document["events"]![0]!;
        var stored = (await Source.ReadAsync(round))[0];

        Assert.Equal(RoundEventsDocument.CurrentFormat, (string?)document["format"]);
        Assert.Equal(round.Value, (Guid)document["roundId"]!);
        Assert.Equal(2L, (long)document["lastSequence"]!);
        Assert.Equal(1L, (long)first["sequence"]!);
        Assert.Equal("RoundCreated", (string?)first["type"]);
        Assert.Equal(stored.At, (DateTimeOffset)first["at"]!);
        Assert.Equal(stored.Payload.ToArray(), Convert.FromBase64String((string)first["payload"]!));
        Assert.Equal(new string('0', 64), (string?)first["previousHash"]);
        Assert.Equal(Convert.ToHexStringLower(stored.Hash.Span), (string?)first["hash"]);
    }

    [Theory]
    [InlineData("payload-byte", RoundImportRefusal.BrokenChain)]
    [InlineData("type", RoundImportRefusal.BrokenChain)]
    [InlineData("time", RoundImportRefusal.BrokenChain)]
    [InlineData("dropped", RoundImportRefusal.BrokenChain)]
    [InlineData("reordered", RoundImportRefusal.BrokenChain)]
    [InlineData("duplicated", RoundImportRefusal.BrokenChain)]
    [InlineData("cut-off-end", RoundImportRefusal.HeadMismatch)]
    [InlineData("not-base64", RoundImportRefusal.Malformed)]
    [InlineData("missing-field", RoundImportRefusal.Malformed)]
    [InlineData("other-format", RoundImportRefusal.UnsupportedFormat)]
    [InlineData("no-events", RoundImportRefusal.Empty)]
    public async Task A_tampered_document_is_refused_with_its_reason_and_nothing_is_stored(string tampering, RoundImportRefusal expected)
    {
        var round = await SeedAsync(Source, 6);
        var document = JsonNode.Parse(await ExportAsync(Source, round))!.AsObject();
        var events = document["events"]!.AsArray();

        switch (tampering)
        {
            case "payload-byte":
                var payload = Convert.FromBase64String((string)events[3]!["payload"]!);
                payload[^2] ^= 0x01;
                events[3]!["payload"] = Convert.ToBase64String(payload);
                break;
            case "type":
                events[2]!["type"] = "BallotWithdrawn";
                break;
            case "time":
                events[1]!["at"] = ((DateTimeOffset)events[1]!["at"]!).AddTicks(1);
                break;
            case "dropped":
                events.RemoveAt(2);
                break;
            case "reordered":
                var moved = events[4]!.DeepClone();
                events.RemoveAt(4);
                events.Insert(3, moved);
                break;
            case "duplicated":
                events.Insert(3, events[2]!.DeepClone());
                break;
            case "cut-off-end":
                events.RemoveAt(5);
                break;
            case "not-base64":
                events[0]!["payload"] = "***";
                break;
            case "missing-field":
                events[0]!.AsObject().Remove("hash");
                break;
            case "other-format":
                document["format"] = "buurtbudget-round-events-v0";
                break;
            case "no-events":
                events.Clear();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(tampering), tampering, "unknown tampering");
        }

        var import = await RoundTransfer.ImportAsync(Target, new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString())));

        Assert.False(import.IsAccepted);
        Assert.Equal(expected, import.Refusal);
        Assert.False(string.IsNullOrWhiteSpace(import.Message));
        Assert.Empty(await Target.ReadAsync(round));
        Assert.Empty(await Target.ListRoundsAsync());
    }

    [Fact]
    public async Task A_broken_chain_is_refused_naming_the_event_where_it_breaks()
    {
        var round = await SeedAsync(Source, 6);
        var document = JsonNode.Parse(await ExportAsync(Source, round))!;
        document["events"]![3]!["type"] = "Changed";

        var import = await RoundTransfer.ImportAsync(Target, new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString())));

        Assert.Equal(ChainBreakReason.HashMismatch, import.Break?.Reason);
        Assert.Equal(4, import.Break?.ExpectedSequence);
        Assert.Contains("sequence 4", import.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_written_before_exports_carried_a_digest_still_imports()
    {
        var round = await SeedAsync(Source, 4);
        var document = JsonNode.Parse(await ExportAsync(Source, round))!.AsObject();
        Assert.NotNull(document["digest"]);
        document.Remove("digest");

        var import = await RoundTransfer.ImportAsync(Target, new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString())));

        Assert.True(import.IsAccepted, import.Message);
        await AssertSameEventsAsync(Source, Target, round);
    }

    [Fact]
    public async Task An_import_into_a_round_that_has_events_is_refused_and_changes_nothing()
    {
        var round = await SeedAsync(Source, 3);
        var json = await ExportAsync(Source, round);
        await Target.AppendAsync(round, 0, [Vote(99)]);

        var import = await RoundTransfer.ImportAsync(Target, new MemoryStream(json));

        Assert.Equal(RoundImportRefusal.RoundNotEmpty, import.Refusal);
        var read = await Target.ReadAsync(round);
        Assert.Single(read);
        Assert.Contains("99", Encoding.UTF8.GetString(read[0].Payload.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_is_not_a_document_is_refused_as_malformed()
    {
        var notJson = await RoundTransfer.ImportAsync(Target, new MemoryStream("round,seq\n1,2"u8.ToArray()));
        var jsonNull = await RoundTransfer.ImportAsync(Target, new MemoryStream("null"u8.ToArray()));

        Assert.Equal(RoundImportRefusal.Malformed, notJson.Refusal);
        Assert.Equal(RoundImportRefusal.Malformed, jsonNull.Refusal);
    }

    [Fact]
    public async Task An_export_of_a_round_whose_stored_chain_is_broken_says_so()
    {
        var round = await SeedAsync(Source, 3);
        await using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Source.DatabasePath};Pooling=false"))
        {
            raw.Open();
            using var tamper = raw.CreateCommand();
            tamper.CommandText = $"DROP TRIGGER events_no_update; UPDATE events SET type = 'Changed' WHERE round_id = '{round}' AND seq = 2;";
            tamper.ExecuteNonQuery();
        }

        using var output = new MemoryStream();
        var export = await RoundTransfer.ExportAsync(Source, round, output, TimeProvider.System);

        Assert.Equal(3, export.EventCount);
        Assert.False(export.Verification.IsIntact);
        Assert.Equal(RoundImportRefusal.BrokenChain, (await RoundTransfer.ImportAsync(Target, new MemoryStream(output.ToArray()))).Refusal);
    }

    internal static async Task<RoundId> SeedAsync(IEventStore store, int count)
    {
        var round = RoundId.New();
        await store.AppendAsync(round, 0, [new NewEvent("RoundCreated", Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), Start.AddTicks(1234567))]);
        if (count > 1)
        {
            await store.AppendAsync(round, 1, Enumerable.Range(2, count - 1).Select(Vote).ToList());
        }

        return round;
    }

    internal static async Task<byte[]> ExportAsync(IEventStore store, RoundId round)
    {
        using var output = new MemoryStream();
        var export = await RoundTransfer.ExportAsync(store, round, output, TimeProvider.System);
        Assert.True(export.Verification.IsIntact, export.Verification.ToString());
        return output.ToArray();
    }

    internal static async Task AssertSameEventsAsync(IEventStore expected, IEventStore actual, RoundId round)
    {
        static string Describe(StoredEvent e) =>
            $"{e.Sequence}|{e.Type}|{e.At.UtcTicks}|{Convert.ToHexString(e.Payload.Span)}|{Convert.ToHexString(e.PreviousHash.Span)}|{Convert.ToHexString(e.Hash.Span)}";

        var expectedEvents = await expected.ReadAsync(round);
        var actualEvents = await actual.ReadAsync(round);
        Assert.Equal(expectedEvents.Select(Describe), actualEvents.Select(Describe));
        Assert.True(EventChain.Verify(actualEvents).IsIntact);
    }

    private static NewEvent Vote(int n) =>
        new("BallotCast", JsonSerializer.SerializeToUtf8Bytes(new { ballot = n, choices = new[] { 1, 2, n } }), Start.AddMinutes(n));
}
