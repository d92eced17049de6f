using System.Globalization;
using Buurtbudget.Storage.Events;
using Microsoft.Data.Sqlite;

namespace Buurtbudget.Storage.Sqlite;

/// <summary>The database schema as numbered migrations, applied in order at open and recorded in
/// <c>schema_migrations</c>. A migration is never edited once released: a change is a new migration.</summary>
internal static class SqliteSchema
{
    private static readonly Migration[] Migrations =
    [
        new(1, """
            CREATE TABLE events (
                round_id  TEXT    NOT NULL,
                seq       INTEGER NOT NULL CHECK (seq >= 1),
                type      TEXT    NOT NULL CHECK (length(type) > 0),
                payload   BLOB    NOT NULL,
                at        INTEGER NOT NULL,
                prev_hash BLOB    NOT NULL CHECK (length(prev_hash) = 32),
                hash      BLOB    NOT NULL CHECK (length(hash) = 32),
                PRIMARY KEY (round_id, seq)
            ) STRICT;

            -- Rounds in the order they started, without scanning every event.
            CREATE INDEX events_round_start ON events (at) WHERE seq = 1;

            -- The log is the audit trail: the database itself refuses to change or lose an event,
            -- whoever holds the file.
            CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN
                SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused');
            END;

            CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN
                SELECT RAISE(ABORT, 'events are append-only: DELETE is refused');
            END;

            -- INSERT OR REPLACE deletes the old row without firing the DELETE trigger.
            CREATE TRIGGER events_no_replace BEFORE INSERT ON events
            WHEN EXISTS (SELECT 1 FROM events WHERE round_id = NEW.round_id AND seq = NEW.seq)
            BEGIN
                SELECT RAISE(ABORT, 'events are append-only: an event cannot be replaced');
            END;

            CREATE TRIGGER events_chained BEFORE INSERT ON events
            WHEN NOT (
                (NEW.seq = 1 AND NEW.prev_hash = zeroblob(32))
                OR EXISTS (SELECT 1 FROM events
                           WHERE round_id = NEW.round_id AND seq = NEW.seq - 1 AND hash = NEW.prev_hash))
            BEGIN
                SELECT RAISE(ABORT, 'an event must follow the last event of its round and carry its hash');
            END;

            -- One snapshot per round, and it must describe a state the log actually reached.
            CREATE TABLE snapshots (
                round_id TEXT    NOT NULL PRIMARY KEY,
                seq      INTEGER NOT NULL,
                state    BLOB    NOT NULL,
                at       INTEGER NOT NULL,
                FOREIGN KEY (round_id, seq) REFERENCES events (round_id, seq)
            ) STRICT;

            -- Written by the readiness check: proof that a write reaches the disk.
            CREATE TABLE store_health (
                id         INTEGER PRIMARY KEY CHECK (id = 1),
                checked_at INTEGER NOT NULL
            ) STRICT;
            """),
        new(2, """
            -- The read model of the lists across rounds: one summary per round, written in the append's transaction.
            -- Typed columns for what lists filter and order on, the rest one JSON document. Not part of the audit
            -- trail: it is derived from the log and may be rewritten.
            CREATE TABLE round_summaries (
                round_id      TEXT    NOT NULL PRIMARY KEY,
                seq           INTEGER NOT NULL CHECK (seq >= 1),
                district_code TEXT    NOT NULL,
                phase         INTEGER NOT NULL,
                created_at    INTEGER NOT NULL,
                broken        INTEGER NOT NULL CHECK (broken IN (0, 1)),
                document      TEXT    NOT NULL
            ) STRICT;

            CREATE INDEX round_summaries_newest ON round_summaries (created_at DESC, round_id);
            """),
        new(3, """
            -- Orleans' durable reminders (a round's calendar): Orleans has no SQLite provider, so the platform keeps them
            -- beside the events. Not part of the audit trail. grain_hash is the grain's uniform hash (0 to 2^32 - 1),
            -- by which each silo reads the range it owns; version is the row's ETag, new on every write.
            CREATE TABLE reminders (
                grain_id   TEXT    NOT NULL,
                name       TEXT    NOT NULL,
                grain_hash INTEGER NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295),
                start_at   INTEGER NOT NULL,
                period     INTEGER NOT NULL CHECK (period > 0),
                version    INTEGER NOT NULL CHECK (version >= 1),
                PRIMARY KEY (grain_id, name)
            ) STRICT;

            CREATE INDEX reminders_by_hash ON reminders (grain_hash);
            """),
        new(4, """
            -- Which round issued a voting code, so that the code alone finds its round. code_key is a keyed hash of the
            -- code (never the code itself, nor the round's own key of it). Not part of the audit trail: the round still
            -- decides whether it issued a code.
            CREATE TABLE voting_code_index (
                code_key TEXT NOT NULL PRIMARY KEY,
                round_id TEXT NOT NULL
            ) STRICT;
            """),
        new(5, """
            -- News by e-mail (see News/INewsStore). Personal data, kept apart from the event log and never part of the
            -- audit trail: a withdrawal deletes the row. The address is sealed (AES-GCM) by the API; address_key is a
            -- keyed hash of the normalised address, so a second subscription of the same address to the same wijk is
            -- found without decrypting anything. participant_key (a keyed hash, never an identity) is set only when a
            -- signed-in resident subscribed, so that news about their own proposal can reach them.
            CREATE TABLE news_subscriptions (
                id              TEXT    NOT NULL PRIMARY KEY,
                district_code   TEXT    NOT NULL,
                address_key     TEXT    NOT NULL,
                address_sealed  BLOB    NOT NULL,
                language        TEXT    NOT NULL CHECK (language IN ('nl', 'en')),
                participant_key TEXT,
                created_at      INTEGER NOT NULL,
                confirmed_at    INTEGER,
                confirmation_requested_at INTEGER,
                UNIQUE (district_code, address_key)
            ) STRICT;

            CREATE INDEX news_subscriptions_by_participant ON news_subscriptions (participant_key) WHERE participant_key IS NOT NULL;

            -- The mail queue: one row per message to one subscription, deleted once the SMTP server accepted it.
            -- dedupe_key makes every producer idempotent (two silos reading the same event enqueue one message);
            -- lease_owner and lease_until claim a row for one sender at a time. The address is not copied here: a
            -- message reads it from its subscription when it is sent, and goes with it.
            CREATE TABLE news_outbox (
                id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                subscription_id TEXT    NOT NULL REFERENCES news_subscriptions (id) ON DELETE CASCADE,
                dedupe_key      TEXT    NOT NULL UNIQUE,
                kind            TEXT    NOT NULL,
                facts           TEXT    NOT NULL,
                due_at          INTEGER NOT NULL,
                attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                lease_owner     TEXT,
                lease_until     INTEGER,
                created_at      INTEGER NOT NULL
            ) STRICT;

            CREATE INDEX news_outbox_due ON news_outbox (due_at);
            CREATE INDEX news_outbox_by_subscription ON news_outbox (subscription_id);

            -- How far the news feed has read each round's log: the durable cursor that turns committed events into
            -- messages exactly once per event, whatever restarts in between.
            CREATE TABLE news_cursors (
                round_id TEXT    NOT NULL PRIMARY KEY,
                seq      INTEGER NOT NULL CHECK (seq >= 0)
            ) STRICT;

            -- News due later for a whole wijk (voting closes in 2 days): fanned out to the subscribers confirmed at
            -- that moment, then deleted. One row per round and kind.
            CREATE TABLE news_schedule (
                round_id      TEXT    NOT NULL,
                kind          TEXT    NOT NULL,
                district_code TEXT    NOT NULL,
                due_at        INTEGER NOT NULL,
                facts         TEXT    NOT NULL,
                PRIMARY KEY (round_id, kind)
            ) STRICT;

            -- Rounds that exist before news does: their past is not news. The feed starts after what is stored now.
            INSERT INTO news_cursors (round_id, seq) SELECT round_id, seq FROM round_summaries;
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings the database up to <see cref="LatestVersion"/>. Safe to run from several processes at
    /// once: the IMMEDIATE transaction lets one migrate while the others wait and then find nothing to do.</summary>
    /// <returns>The schema version after migration.</returns>
    public static int Migrate(SqliteConnection connection, TimeProvider timeProvider)
    {
        using var transaction = connection.BeginTransaction(deferred: false);

        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER NOT NULL PRIMARY KEY,
                    applied_at TEXT    NOT NULL
                ) STRICT;
                """;
            create.ExecuteNonQuery();
        }

        long current;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migrations;";
            current = (long)read.ExecuteScalar()!;
        }

        if (current > LatestVersion)
        {
            throw new StorageUnavailableException(
                $"The database '{connection.DataSource}' has schema version {current}, newer than the {LatestVersion} this build knows. " +
                "Run a newer build, or restore a backup made by this one.");
        }

        foreach (var migration in Migrations.Where(m => m.Version > current))
        {
            using var apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = migration.Script;
            apply.ExecuteNonQuery();

            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES ($version, $appliedAt);";
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$appliedAt", timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
        }

        transaction.Commit();
        return LatestVersion;
    }

    private sealed record Migration(int Version, string Script);
}
