using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.News;
using Npgsql;

namespace Buurtbudget.Storage.Postgres;

/// <summary>News by e-mail, in the same database as the events, for a cluster: every node runs the feed and the
/// sender; messages are unique by their dedupe key, and a claim takes rows no other node holds (FOR UPDATE SKIP
/// LOCKED, then a lease that runs out if the node dies).</summary>
public sealed partial class PostgresEventStore : INewsStore
{
    private const string SubscriptionColumns = "s.id, s.district_code, s.address_key, s.address_sealed, s.language, s.participant_key, s.created_at_ticks, s.confirmed_at_ticks, s.confirmation_requested_at_ticks";

    public Task<NewsSubscription> SubscribeAsync(NewsSubscription candidate, Func<NewsSubscription, NewNewsMessage?> confirmation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(confirmation);
        return InNewsTransactionAsync("store a news subscription", async (connection, transaction) =>
        {
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO news_subscriptions (id, district_code, address_key, address_sealed, language, participant_key, created_at_ticks)
                VALUES (@id, @district, @addressKey, @sealed, @language, @participant, @createdAt)
                ON CONFLICT (district_code, address_key) DO UPDATE SET
                    participant_key = coalesce(excluded.participant_key, news_subscriptions.participant_key);
                """, connection, transaction))
            {
                insert.Parameters.AddWithValue("id", candidate.Id);
                insert.Parameters.AddWithValue("district", candidate.District.Value);
                insert.Parameters.AddWithValue("addressKey", candidate.AddressKey);
                insert.Parameters.AddWithValue("sealed", candidate.SealedAddress.ToArray());
                insert.Parameters.AddWithValue("language", candidate.Language);
                insert.Parameters.AddWithValue("participant", candidate.Participant is { } key ? key.Value : DBNull.Value);
                insert.Parameters.AddWithValue("createdAt", candidate.CreatedAt.UtcTicks);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            NewsSubscription stored;
            await using (var read = new NpgsqlCommand($"SELECT {SubscriptionColumns} FROM news_subscriptions s WHERE s.district_code = @district AND s.address_key = @addressKey;", connection, transaction))
            {
                read.Parameters.AddWithValue("district", candidate.District.Value);
                read.Parameters.AddWithValue("addressKey", candidate.AddressKey);
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                stored = NewsSubscriptionRow.Read(reader, 0);
            }

            if (confirmation(stored) is { } message)
            {
                await InsertMessageAsync(connection, transaction, message, cancellationToken);
                await using var requested = new NpgsqlCommand("UPDATE news_subscriptions SET confirmation_requested_at_ticks = @at WHERE id = @id;", connection, transaction);
                requested.Parameters.AddWithValue("id", stored.Id);
                requested.Parameters.AddWithValue("at", message.DueAt.UtcTicks);
                await requested.ExecuteNonQueryAsync(cancellationToken);
                stored = stored with { ConfirmationRequestedAt = message.DueAt };
            }

            return stored;
        }, cancellationToken);
    }

    public Task<NewsSubscription?> FindSubscriptionAsync(string id, CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync<NewsSubscription?>("find a news subscription", async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {SubscriptionColumns} FROM news_subscriptions s WHERE s.id = @id;", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? NewsSubscriptionRow.Read(reader, 0) : null;
        }, cancellationToken);

    public Task<bool> ConfirmAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync("confirm a news subscription", async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("UPDATE news_subscriptions SET confirmed_at_ticks = coalesce(confirmed_at_ticks, @at) WHERE id = @id;", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("at", at.UtcTicks);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<bool> WithdrawAsync(string id, CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync("withdraw a news subscription", async (connection, transaction) =>
        {
            // The queue's rows go with it (ON DELETE CASCADE).
            await using var command = new NpgsqlCommand("DELETE FROM news_subscriptions WHERE id = @id;", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<NewsSubscription>> ListConfirmedAsync(DistrictCode district, ParticipantKey? participant = null, CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync("list a wijk's news subscriptions", async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand($"""
                SELECT {SubscriptionColumns} FROM news_subscriptions s
                WHERE s.district_code = @district AND s.confirmed_at_ticks IS NOT NULL AND (@participant::text IS NULL OR s.participant_key = @participant::text)
                ORDER BY s.id;
                """, connection, transaction);
            command.Parameters.AddWithValue("district", district.Value);
            command.Parameters.AddWithValue("participant", NpgsqlTypes.NpgsqlDbType.Text, participant is { } key ? key.Value : DBNull.Value);
            return await ReadSubscriptionsAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<NewsSubscription>> ListOfParticipantAsync(ParticipantKey participant, CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync("list a resident's news subscriptions", async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {SubscriptionColumns} FROM news_subscriptions s WHERE s.participant_key = @participant ORDER BY s.district_code, s.id;", connection, transaction);
            command.Parameters.AddWithValue("participant", participant.Value);
            return await ReadSubscriptionsAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<int> DeleteUnconfirmedAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync("delete unconfirmed news subscriptions", async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM news_subscriptions WHERE confirmed_at_ticks IS NULL AND created_at_ticks < @before;", connection, transaction);
            command.Parameters.AddWithValue("before", createdBefore.UtcTicks);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<(RoundId Round, long Cursor)>> ListUnreadRoundsAsync(CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync<IReadOnlyList<(RoundId, long)>>("find rounds with unread news", async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT round_id, cursor FROM (
                    SELECT s.round_id, coalesce(c.seq, 0) AS cursor,
                           (SELECT max(e.seq) FROM events e WHERE e.round_id = s.round_id) AS head
                    FROM round_summaries s LEFT JOIN news_cursors c ON c.round_id = s.round_id
                    WHERE NOT s.broken) AS heads
                WHERE head > cursor;
                """, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var unread = new List<(RoundId, long)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                unread.Add((new RoundId(reader.GetGuid(0)), reader.GetInt64(1)));
            }

            return unread;
        }, cancellationToken);

    public Task AdvanceAsync(NewsFeedStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        return InNewsTransactionAsync("store the news of a round's events", async (connection, transaction) =>
        {
            foreach (var message in step.Messages)
            {
                await InsertMessageAsync(connection, transaction, message, cancellationToken);
            }

            foreach (var kind in step.CancelledKinds)
            {
                await using var cancel = new NpgsqlCommand("DELETE FROM news_schedule WHERE round_id = @round AND kind = @kind;", connection, transaction);
                cancel.Parameters.AddWithValue("round", step.Round.Value);
                cancel.Parameters.AddWithValue("kind", kind);
                await cancel.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var news in step.Schedule)
            {
                await using var schedule = new NpgsqlCommand("""
                    INSERT INTO news_schedule (round_id, kind, district_code, due_at_ticks, facts) VALUES (@round, @kind, @district, @dueAt, @facts)
                    ON CONFLICT (round_id, kind) DO UPDATE SET district_code = excluded.district_code, due_at_ticks = excluded.due_at_ticks, facts = excluded.facts;
                    """, connection, transaction);
                schedule.Parameters.AddWithValue("round", news.Round.Value);
                schedule.Parameters.AddWithValue("kind", news.Kind);
                schedule.Parameters.AddWithValue("district", news.District.Value);
                schedule.Parameters.AddWithValue("dueAt", news.DueAt.UtcTicks);
                schedule.Parameters.AddWithValue("facts", news.Facts);
                await schedule.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var cursor = new NpgsqlCommand("""
                INSERT INTO news_cursors (round_id, seq) VALUES (@round, @seq)
                ON CONFLICT (round_id) DO UPDATE SET seq = greatest(news_cursors.seq, excluded.seq);
                """, connection, transaction);
            cursor.Parameters.AddWithValue("round", step.Round.Value);
            cursor.Parameters.AddWithValue("seq", step.ThroughSequence);
            await cursor.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ScheduledNews>> ListDueScheduleAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync<IReadOnlyList<ScheduledNews>>("read the news schedule", async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("SELECT round_id, kind, district_code, due_at_ticks, facts FROM news_schedule WHERE due_at_ticks <= @now ORDER BY due_at_ticks;", connection, transaction);
            command.Parameters.AddWithValue("now", now.UtcTicks);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var due = new List<ScheduledNews>();
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(new ScheduledNews(new RoundId(reader.GetGuid(0)), reader.GetString(1), DistrictCode.Parse(reader.GetString(2)), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero), reader.GetString(4)));
            }

            return due;
        }, cancellationToken);

    public Task CompleteScheduleAsync(ScheduledNews news, IReadOnlyList<NewNewsMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(news);
        ArgumentNullException.ThrowIfNull(messages);
        return InNewsTransactionAsync("send scheduled news", async (connection, transaction) =>
        {
            foreach (var message in messages)
            {
                await InsertMessageAsync(connection, transaction, message, cancellationToken);
            }

            await using var command = new NpgsqlCommand("DELETE FROM news_schedule WHERE round_id = @round AND kind = @kind AND due_at_ticks = @dueAt;", connection, transaction);
            command.Parameters.AddWithValue("round", news.Round.Value);
            command.Parameters.AddWithValue("kind", news.Kind);
            command.Parameters.AddWithValue("dueAt", news.DueAt.UtcTicks);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ClaimedNewsMessage>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, string confirmationKind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return InNewsTransactionAsync<IReadOnlyList<ClaimedNewsMessage>>("claim queued news", async (connection, transaction) =>
        {
            var until = now + lease;
            await using var claim = new NpgsqlCommand($"""
                WITH due AS (
                    SELECT o.id FROM news_outbox o JOIN news_subscriptions s ON s.id = o.subscription_id
                    WHERE o.due_at_ticks <= @now AND (o.lease_until_ticks IS NULL OR o.lease_until_ticks <= @now)
                      AND (s.confirmed_at_ticks IS NOT NULL OR o.kind = @confirmation)
                    ORDER BY o.due_at_ticks, o.id LIMIT @max
                    FOR UPDATE OF o SKIP LOCKED),
                claimed AS (
                    UPDATE news_outbox o SET lease_owner = @owner, lease_until_ticks = @until FROM due WHERE o.id = due.id
                    RETURNING o.id, o.kind, o.facts, o.attempts, o.subscription_id, o.due_at_ticks)
                SELECT c.id, c.kind, c.facts, c.attempts, {SubscriptionColumns}
                FROM claimed c JOIN news_subscriptions s ON s.id = c.subscription_id ORDER BY c.due_at_ticks, c.id;
                """, connection, transaction);
            claim.Parameters.AddWithValue("owner", owner);
            claim.Parameters.AddWithValue("until", until.UtcTicks);
            claim.Parameters.AddWithValue("now", now.UtcTicks);
            claim.Parameters.AddWithValue("confirmation", confirmationKind);
            claim.Parameters.AddWithValue("max", max);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            var claimed = new List<ClaimedNewsMessage>();
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedNewsMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), until, NewsSubscriptionRow.Read(reader, 4)));
            }

            return claimed;
        }, cancellationToken);
    }

    public Task CompleteAsync(long id, string owner, CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync("remove sent news from the queue", async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM news_outbox WHERE id = @id AND lease_owner = @owner;", connection, transaction);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("owner", owner);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task RetryAsync(long id, string owner, DateTimeOffset nextAttempt, CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync("put news back in the queue", async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("""
                UPDATE news_outbox SET attempts = attempts + 1, due_at_ticks = @next, lease_owner = NULL, lease_until_ticks = NULL
                WHERE id = @id AND lease_owner = @owner;
                """, connection, transaction);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("owner", owner);
            command.Parameters.AddWithValue("next", nextAttempt.UtcTicks);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<long> CountQueuedAsync(CancellationToken cancellationToken = default) =>
        InNewsTransactionAsync("count queued news", async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM news_outbox;", connection, transaction);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    private static async Task InsertMessageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewNewsMessage message, CancellationToken cancellationToken)
    {
        // A message whose subscription was withdrawn meanwhile has nothing to go to: the SELECT finds no row.
        await using var command = new NpgsqlCommand("""
            INSERT INTO news_outbox (subscription_id, dedupe_key, kind, facts, due_at_ticks, created_at_ticks)
            SELECT id, @dedupe, @kind, @facts, @dueAt, @dueAt FROM news_subscriptions WHERE id = @subscription
            ON CONFLICT (dedupe_key) DO NOTHING;
            """, connection, transaction);
        command.Parameters.AddWithValue("subscription", message.SubscriptionId);
        command.Parameters.AddWithValue("dedupe", message.DedupeKey);
        command.Parameters.AddWithValue("kind", message.Kind);
        command.Parameters.AddWithValue("facts", message.Facts);
        command.Parameters.AddWithValue("dueAt", message.DueAt.UtcTicks);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<NewsSubscription>> ReadSubscriptionsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var subscriptions = new List<NewsSubscription>();
        while (await reader.ReadAsync(cancellationToken))
        {
            subscriptions.Add(NewsSubscriptionRow.Read(reader, 0));
        }

        return subscriptions;
    }

    private async Task<T> InNewsTransactionAsync<T>(string action, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenAsync(action, cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (Exception exception) when (PostgresFailures.MeansUnavailable(exception))
        {
            throw AfterFailure(action, exception);
        }
    }
}
