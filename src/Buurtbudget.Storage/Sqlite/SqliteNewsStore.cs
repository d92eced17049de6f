using Buurtbudget.Domain.Common;
using Buurtbudget.Domain.Districts;
using Buurtbudget.Domain.Rounds;
using Buurtbudget.Storage.News;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Storage.Sqlite;

/// <summary>News by e-mail, in the same file as the events (and its backups), in tables of its own. Several
/// processes on one file are safe: every write is one IMMEDIATE transaction, and a claim is one UPDATE.</summary>
public sealed partial class SqliteEventStore : INewsStore
{
    private const string SubscriptionColumns = "s.id, s.district_code, s.address_key, s.address_sealed, s.language, s.participant_key, s.created_at, s.confirmed_at, s.confirmation_requested_at";

    public Task<NewsSubscription> SubscribeAsync(NewsSubscription candidate, Func<NewsSubscription, NewNewsMessage?> confirmation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(confirmation);
        return WriteNewsAsync("store a news subscription", (connection, transaction) =>
        {
            using (var insert = Command(connection, transaction, """
                INSERT INTO news_subscriptions (id, district_code, address_key, address_sealed, language, participant_key, created_at, confirmed_at)
                VALUES ($id, $district, $addressKey, $sealed, $language, $participant, $createdAt, NULL)
                ON CONFLICT (district_code, address_key) DO UPDATE SET
                    participant_key = coalesce(excluded.participant_key, news_subscriptions.participant_key);
                """))
            {
                insert.Parameters.AddWithValue("$id", candidate.Id);
                insert.Parameters.AddWithValue("$district", candidate.District.Value);
                insert.Parameters.AddWithValue("$addressKey", candidate.AddressKey);
                insert.Parameters.AddWithValue("$sealed", candidate.SealedAddress.ToArray());
                insert.Parameters.AddWithValue("$language", candidate.Language);
                insert.Parameters.AddWithValue("$participant", candidate.Participant is { } key ? key.Value : DBNull.Value);
                insert.Parameters.AddWithValue("$createdAt", candidate.CreatedAt.UtcTicks);
                insert.ExecuteNonQuery();
            }

            NewsSubscription stored;
            using (var read = Command(connection, transaction, $"SELECT {SubscriptionColumns} FROM news_subscriptions s WHERE s.district_code = $district AND s.address_key = $addressKey;"))
            {
                read.Parameters.AddWithValue("$district", candidate.District.Value);
                read.Parameters.AddWithValue("$addressKey", candidate.AddressKey);
                using var reader = read.ExecuteReader();
                reader.Read();
                stored = NewsSubscriptionRow.Read(reader, 0);
            }

            if (confirmation(stored) is { } message)
            {
                InsertMessage(connection, transaction, message);
                using var requested = Command(connection, transaction, "UPDATE news_subscriptions SET confirmation_requested_at = $at WHERE id = $id;");
                requested.Parameters.AddWithValue("$id", stored.Id);
                requested.Parameters.AddWithValue("$at", message.DueAt.UtcTicks);
                requested.ExecuteNonQuery();
                stored = stored with { ConfirmationRequestedAt = message.DueAt };
            }

            return stored;
        }, cancellationToken);
    }

    public Task<NewsSubscription?> FindSubscriptionAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return ReadNewsAsync("find a news subscription", connection =>
        {
            using var command = Command(connection, null, $"SELECT {SubscriptionColumns} FROM news_subscriptions s WHERE s.id = $id;");
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            return reader.Read() ? NewsSubscriptionRow.Read(reader, 0) : null;
        }, cancellationToken);
    }

    public Task<bool> ConfirmAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return WriteNewsAsync("confirm a news subscription", (connection, transaction) =>
        {
            using var command = Command(connection, transaction, "UPDATE news_subscriptions SET confirmed_at = coalesce(confirmed_at, $at) WHERE id = $id;");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$at", at.UtcTicks);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    public Task<bool> WithdrawAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return WriteNewsAsync("withdraw a news subscription", (connection, transaction) =>
        {
            // The queue's rows go by the foreign key's cascade; said here too, so that it does not hang on a pragma.
            using var messages = Command(connection, transaction, "DELETE FROM news_outbox WHERE subscription_id = $id;");
            messages.Parameters.AddWithValue("$id", id);
            messages.ExecuteNonQuery();
            using var command = Command(connection, transaction, "DELETE FROM news_subscriptions WHERE id = $id;");
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<NewsSubscription>> ListConfirmedAsync(DistrictCode district, ParticipantKey? participant = null, CancellationToken cancellationToken = default) =>
        ReadNewsAsync("list a wijk's news subscriptions", connection =>
        {
            using var command = Command(connection, null, $"""
                SELECT {SubscriptionColumns} FROM news_subscriptions s
                WHERE s.district_code = $district AND s.confirmed_at IS NOT NULL AND ($participant IS NULL OR s.participant_key = $participant)
                ORDER BY s.id;
                """);
            command.Parameters.AddWithValue("$district", district.Value);
            command.Parameters.AddWithValue("$participant", participant is { } key ? key.Value : DBNull.Value);
            return ReadSubscriptions(command);
        }, cancellationToken);

    public Task<IReadOnlyList<NewsSubscription>> ListOfParticipantAsync(ParticipantKey participant, CancellationToken cancellationToken = default) =>
        ReadNewsAsync("list a resident's news subscriptions", connection =>
        {
            using var command = Command(connection, null, $"SELECT {SubscriptionColumns} FROM news_subscriptions s WHERE s.participant_key = $participant ORDER BY s.district_code, s.id;");
            command.Parameters.AddWithValue("$participant", participant.Value);
            return ReadSubscriptions(command);
        }, cancellationToken);

    public Task<int> DeleteUnconfirmedAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default) =>
        WriteNewsAsync("delete unconfirmed news subscriptions", (connection, transaction) =>
        {
            using var messages = Command(connection, transaction, """
                DELETE FROM news_outbox WHERE subscription_id IN
                    (SELECT id FROM news_subscriptions WHERE confirmed_at IS NULL AND created_at < $before);
                """);
            messages.Parameters.AddWithValue("$before", createdBefore.UtcTicks);
            messages.ExecuteNonQuery();
            using var command = Command(connection, transaction, "DELETE FROM news_subscriptions WHERE confirmed_at IS NULL AND created_at < $before;");
            command.Parameters.AddWithValue("$before", createdBefore.UtcTicks);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<IReadOnlyList<(RoundId Round, long Cursor)>> ListUnreadRoundsAsync(CancellationToken cancellationToken = default) =>
        ReadNewsAsync<IReadOnlyList<(RoundId, long)>>("find rounds with unread news", connection =>
        {
            // One index probe per round for its head (the primary key's last entry), not a scan of the events.
            using var command = Command(connection, null, """
                SELECT round_id, cursor FROM (
                    SELECT s.round_id AS round_id, coalesce(c.seq, 0) AS cursor,
                           (SELECT max(e.seq) FROM events e WHERE e.round_id = s.round_id) AS head
                    FROM round_summaries s LEFT JOIN news_cursors c ON c.round_id = s.round_id
                    WHERE s.broken = 0)
                WHERE head > cursor;
                """);
            using var reader = command.ExecuteReader();
            var unread = new List<(RoundId, long)>();
            while (reader.Read())
            {
                unread.Add((RoundId.Parse(reader.GetString(0)), reader.GetInt64(1)));
            }

            return unread;
        }, cancellationToken);

    public Task AdvanceAsync(NewsFeedStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        return WriteNewsAsync("store the news of a round's events", (connection, transaction) =>
        {
            foreach (var message in step.Messages)
            {
                InsertMessage(connection, transaction, message);
            }

            foreach (var kind in step.CancelledKinds)
            {
                using var cancel = Command(connection, transaction, "DELETE FROM news_schedule WHERE round_id = $round AND kind = $kind;");
                cancel.Parameters.AddWithValue("$round", Key(step.Round));
                cancel.Parameters.AddWithValue("$kind", kind);
                cancel.ExecuteNonQuery();
            }

            foreach (var news in step.Schedule)
            {
                using var schedule = Command(connection, transaction, """
                    INSERT INTO news_schedule (round_id, kind, district_code, due_at, facts) VALUES ($round, $kind, $district, $dueAt, $facts)
                    ON CONFLICT (round_id, kind) DO UPDATE SET district_code = excluded.district_code, due_at = excluded.due_at, facts = excluded.facts;
                    """);
                schedule.Parameters.AddWithValue("$round", Key(news.Round));
                schedule.Parameters.AddWithValue("$kind", news.Kind);
                schedule.Parameters.AddWithValue("$district", news.District.Value);
                schedule.Parameters.AddWithValue("$dueAt", news.DueAt.UtcTicks);
                schedule.Parameters.AddWithValue("$facts", news.Facts);
                schedule.ExecuteNonQuery();
            }

            using var cursor = Command(connection, transaction, """
                INSERT INTO news_cursors (round_id, seq) VALUES ($round, $seq)
                ON CONFLICT (round_id) DO UPDATE SET seq = max(news_cursors.seq, excluded.seq);
                """);
            cursor.Parameters.AddWithValue("$round", Key(step.Round));
            cursor.Parameters.AddWithValue("$seq", step.ThroughSequence);
            cursor.ExecuteNonQuery();
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ScheduledNews>> ListDueScheduleAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ReadNewsAsync<IReadOnlyList<ScheduledNews>>("read the news schedule", connection =>
        {
            using var command = Command(connection, null, "SELECT round_id, kind, district_code, due_at, facts FROM news_schedule WHERE due_at <= $now ORDER BY due_at;");
            command.Parameters.AddWithValue("$now", now.UtcTicks);
            using var reader = command.ExecuteReader();
            var due = new List<ScheduledNews>();
            while (reader.Read())
            {
                due.Add(new ScheduledNews(
                    RoundId.Parse(reader.GetString(0)),
                    reader.GetString(1),
                    DistrictCode.Parse(reader.GetString(2)),
                    new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                    reader.GetString(4)));
            }

            return due;
        }, cancellationToken);

    public Task CompleteScheduleAsync(ScheduledNews news, IReadOnlyList<NewNewsMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(news);
        ArgumentNullException.ThrowIfNull(messages);
        return WriteNewsAsync("send scheduled news", (connection, transaction) =>
        {
            foreach (var message in messages)
            {
                InsertMessage(connection, transaction, message);
            }

            using var command = Command(connection, transaction, "DELETE FROM news_schedule WHERE round_id = $round AND kind = $kind AND due_at = $dueAt;");
            command.Parameters.AddWithValue("$round", Key(news.Round));
            command.Parameters.AddWithValue("$kind", news.Kind);
            command.Parameters.AddWithValue("$dueAt", news.DueAt.UtcTicks);
            command.ExecuteNonQuery();
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ClaimedNewsMessage>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, string confirmationKind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return WriteNewsAsync<IReadOnlyList<ClaimedNewsMessage>>("claim queued news", (connection, transaction) =>
        {
            var until = now + lease;
            using var claim = Command(connection, transaction, """
                UPDATE news_outbox SET lease_owner = $owner, lease_until = $until
                WHERE id IN (
                    SELECT o.id FROM news_outbox o JOIN news_subscriptions s ON s.id = o.subscription_id
                    WHERE o.due_at <= $now AND (o.lease_until IS NULL OR o.lease_until <= $now)
                      AND (s.confirmed_at IS NOT NULL OR o.kind = $confirmation)
                    ORDER BY o.due_at, o.id LIMIT $max);
                """);
            claim.Parameters.AddWithValue("$owner", owner);
            claim.Parameters.AddWithValue("$until", until.UtcTicks);
            claim.Parameters.AddWithValue("$now", now.UtcTicks);
            claim.Parameters.AddWithValue("$confirmation", confirmationKind);
            claim.Parameters.AddWithValue("$max", max);
            if (claim.ExecuteNonQuery() == 0)
            {
                return [];
            }

            using var read = Command(connection, transaction, $"""
                SELECT o.id, o.kind, o.facts, o.attempts, o.lease_until, {SubscriptionColumns}
                FROM news_outbox o JOIN news_subscriptions s ON s.id = o.subscription_id
                WHERE o.lease_owner = $owner AND o.lease_until = $until ORDER BY o.due_at, o.id;
                """);
            read.Parameters.AddWithValue("$owner", owner);
            read.Parameters.AddWithValue("$until", until.UtcTicks);
            using var reader = read.ExecuteReader();
            var claimed = new List<ClaimedNewsMessage>();
            while (reader.Read())
            {
                claimed.Add(new ClaimedNewsMessage(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetInt32(3),
                    new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                    NewsSubscriptionRow.Read(reader, 5)));
            }

            return claimed;
        }, cancellationToken);
    }

    public Task CompleteAsync(long id, string owner, CancellationToken cancellationToken = default) =>
        WriteNewsAsync("remove sent news from the queue", (connection, transaction) =>
        {
            using var command = Command(connection, transaction, "DELETE FROM news_outbox WHERE id = $id AND lease_owner = $owner;");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$owner", owner);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task RetryAsync(long id, string owner, DateTimeOffset nextAttempt, CancellationToken cancellationToken = default) =>
        WriteNewsAsync("put news back in the queue", (connection, transaction) =>
        {
            using var command = Command(connection, transaction, """
                UPDATE news_outbox SET attempts = attempts + 1, due_at = $next, lease_owner = NULL, lease_until = NULL
                WHERE id = $id AND lease_owner = $owner;
                """);
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$next", nextAttempt.UtcTicks);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<long> CountQueuedAsync(CancellationToken cancellationToken = default) =>
        ReadNewsAsync("count queued news", connection =>
        {
            using var command = Command(connection, null, "SELECT count(*) FROM news_outbox;");
            return (long)command.ExecuteScalar()!;
        }, cancellationToken);

    private static void InsertMessage(SqliteConnection connection, SqliteTransaction transaction, NewNewsMessage message)
    {
        // A message whose subscription was withdrawn meanwhile has nothing to go to: the SELECT finds no row.
        using var command = Command(connection, transaction, """
            INSERT INTO news_outbox (subscription_id, dedupe_key, kind, facts, due_at, created_at)
            SELECT id, $dedupe, $kind, $facts, $dueAt, $dueAt FROM news_subscriptions WHERE id = $subscription
            ON CONFLICT (dedupe_key) DO NOTHING;
            """);
        command.Parameters.AddWithValue("$subscription", message.SubscriptionId);
        command.Parameters.AddWithValue("$dedupe", message.DedupeKey);
        command.Parameters.AddWithValue("$kind", message.Kind);
        command.Parameters.AddWithValue("$facts", message.Facts);
        command.Parameters.AddWithValue("$dueAt", message.DueAt.UtcTicks);
        command.ExecuteNonQuery();
    }

    private static IReadOnlyList<NewsSubscription> ReadSubscriptions(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var subscriptions = new List<NewsSubscription>();
        while (reader.Read())
        {
            subscriptions.Add(NewsSubscriptionRow.Read(reader, 0));
        }

        return subscriptions;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private async Task<T> WriteNewsAsync<T>(string action, Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = AcquireWriter();
            SqliteTransaction? transaction = null;
            try
            {
                // IMMEDIATE: another process on the same file waits for this one instead of failing halfway.
                transaction = writer.Connection.BeginTransaction(deferred: false);
                var result = work(writer.Connection, transaction);
                transaction.Commit();
                return result;
            }
            catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
            {
                RollBack(transaction);
                AfterFailure(exception);
                throw Unavailable(action, exception);
            }
            catch
            {
                RollBack(transaction);
                throw;
            }
            finally
            {
                transaction?.Dispose();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<T> ReadNewsAsync<T>(string action, Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        try
        {
            return work(connection);
        }
        catch (SqliteException exception) when (SqliteFailures.MeansUnavailable(exception))
        {
            throw Unavailable(action, exception);
        }
    }
}
