using Buurtbudget.Storage.Events;
using Npgsql;

namespace Buurtbudget.Storage.Postgres;

/// <summary>The database schema as numbered migrations, applied in order at start-up and recorded in
/// <c>schema_migrations</c>. A migration is never edited once released: a change is a new migration.</summary>
internal static class PostgresSchema
{
    /// <summary>The key of the transaction-scoped advisory lock that serialises migrations across nodes
    /// ("buurtbud" in ASCII), so that nodes starting at once neither race on DDL nor apply a step twice.</summary>
    public const long MigrationLockKey = 0x6275_7572_7462_7564;

    private static readonly Migration[] Migrations =
    [
        new(1, """
            CREATE TABLE events (
                round_id     uuid   NOT NULL,
                seq          bigint NOT NULL CHECK (seq >= 1),
                type         text   NOT NULL CHECK (length(type) > 0),
                payload      bytea  NOT NULL,
                -- UTC ticks (100 ns), exactly what the hash covers; timestamptz would round to microseconds.
                at_ticks     bigint NOT NULL,
                prev_hash    bytea  NOT NULL CHECK (octet_length(prev_hash) = 32),
                hash         bytea  NOT NULL CHECK (octet_length(hash) = 32),
                PRIMARY KEY (round_id, seq)
            );

            -- One row per round, written with its first event: lists rounds in the order they started, and its
            -- primary key makes two nodes that both create the same round collide instead of both succeeding.
            CREATE TABLE rounds (
                round_id       uuid   NOT NULL PRIMARY KEY,
                first_at_ticks bigint NOT NULL,
                listed_order   bigint GENERATED ALWAYS AS IDENTITY
            );

            CREATE INDEX rounds_started ON rounds (first_at_ticks, listed_order);

            -- The log is the audit trail: the database itself refuses to change or lose an event, whoever connects.
            CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only: % is refused', TG_OP USING ERRCODE = 'restrict_violation';
            END;
            $$;

            CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
            CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
            CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

            -- VOLATILE (the default), so that in a multi-row insert each row sees the rows inserted before it.
            CREATE FUNCTION events_require_chain() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.seq = 1 AND NEW.prev_hash = decode(repeat('00', 32), 'hex') THEN
                    RETURN NEW;
                END IF;
                IF EXISTS (SELECT 1 FROM events WHERE round_id = NEW.round_id AND seq = NEW.seq - 1 AND hash = NEW.prev_hash) THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'an event must follow the last event of its round and carry its hash' USING ERRCODE = 'check_violation';
            END;
            $$;

            CREATE TRIGGER events_chained BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_require_chain();

            -- One snapshot per round, and it must describe a state the log actually reached.
            CREATE TABLE snapshots (
                round_id uuid   NOT NULL PRIMARY KEY,
                seq      bigint NOT NULL,
                state    bytea  NOT NULL,
                at_ticks bigint NOT NULL,
                FOREIGN KEY (round_id, seq) REFERENCES events (round_id, seq)
            );

            -- Written by the readiness check: proof that a write reaches the server's disk.
            CREATE TABLE store_health (
                id         integer PRIMARY KEY CHECK (id = 1),
                checked_at timestamptz NOT NULL
            );
            """),
        new(2, """
            -- The Orleans cluster's membership, for Orleans' ADO.NET clustering provider: which silos exist, which are
            -- alive, and a version that every change to the table must match (optimistic concurrency). The provider
            -- reads its queries from orleansquery and speaks to the tables only through them, with fixed parameter
            -- and column names; the tables and the queries below are the platform's own.
            CREATE TABLE orleansquery (
                querykey  varchar(64)   NOT NULL PRIMARY KEY,
                querytext varchar(8000) NOT NULL
            );

            CREATE TABLE orleans_cluster_versions (
                deployment_id varchar(150)   NOT NULL PRIMARY KEY,
                changed_at    timestamptz(3) NOT NULL DEFAULT now(),
                version       integer        NOT NULL DEFAULT 0
            );

            CREATE TABLE orleans_cluster_members (
                deployment_id   varchar(150)   NOT NULL REFERENCES orleans_cluster_versions (deployment_id),
                address         varchar(45)    NOT NULL,
                port            integer        NOT NULL,
                generation      integer        NOT NULL,
                silo_name       varchar(150)   NOT NULL,
                host_name       varchar(150)   NOT NULL,
                status          integer        NOT NULL,
                proxy_port      integer        NULL,
                suspect_times   varchar(8000)  NULL,
                start_time      timestamptz(3) NOT NULL,
                i_am_alive_time timestamptz(3) NOT NULL,
                PRIMARY KEY (deployment_id, address, port, generation)
            );

            -- Each write answers one row with the number of rows it changed: above 0 is success. A write that must
            -- match the version changes the version and the member in one statement, both or neither: every part of
            -- it sees the same snapshot, and a concurrent writer waits for the version row's lock and then finds the
            -- version changed.
            INSERT INTO orleansquery (querykey, querytext) VALUES
            ('InsertMembershipVersionKey', '
                WITH inserted AS (
                    INSERT INTO orleans_cluster_versions (deployment_id) VALUES (@DeploymentId)
                    ON CONFLICT (deployment_id) DO NOTHING
                    RETURNING 1)
                SELECT count(*)::integer FROM inserted;'),
            ('InsertMembershipKey', '
                WITH bumped AS (
                    UPDATE orleans_cluster_versions SET version = version + 1, changed_at = now()
                    WHERE deployment_id = @DeploymentId AND version = @Version
                      AND NOT EXISTS (SELECT 1 FROM orleans_cluster_members
                                      WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
                    RETURNING deployment_id),
                inserted AS (
                    INSERT INTO orleans_cluster_members (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
                    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM bumped
                    RETURNING 1)
                SELECT count(*)::integer FROM inserted;'),
            ('UpdateMembershipKey', '
                WITH bumped AS (
                    UPDATE orleans_cluster_versions SET version = version + 1, changed_at = now()
                    WHERE deployment_id = @DeploymentId AND version = @Version
                      AND EXISTS (SELECT 1 FROM orleans_cluster_members
                                  WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
                    RETURNING deployment_id),
                updated AS (
                    UPDATE orleans_cluster_members m
                    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                    FROM bumped
                    WHERE m.deployment_id = bumped.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                    RETURNING 1)
                SELECT count(*)::integer FROM updated;'),
            ('UpdateIAmAlivetimeKey', '
                UPDATE orleans_cluster_members SET i_am_alive_time = @IAmAliveTime
                WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;'),
            ('MembershipReadRowKey', '
                SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
                       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
                       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
                       v.version AS Version
                FROM orleans_cluster_versions v
                LEFT JOIN orleans_cluster_members m
                       ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                WHERE v.deployment_id = @DeploymentId;'),
            ('MembershipReadAllKey', '
                SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
                       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
                       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
                       v.version AS Version
                FROM orleans_cluster_versions v
                LEFT JOIN orleans_cluster_members m ON m.deployment_id = v.deployment_id
                WHERE v.deployment_id = @DeploymentId;'),
            ('GatewaysQueryKey', '
                SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
                FROM orleans_cluster_members
                WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;'),
            ('DeleteMembershipTableEntriesKey', '
                DELETE FROM orleans_cluster_members WHERE deployment_id = @DeploymentId;
                DELETE FROM orleans_cluster_versions WHERE deployment_id = @DeploymentId;'),
            ('CleanupDefunctSiloEntriesKey', '
                DELETE FROM orleans_cluster_members
                WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;');
            """),
        new(3, """
            -- The read model of the lists across rounds: one summary per round, written in the append's transaction.
            -- Typed columns for what lists filter and order on, the rest one JSON document. Not part of the audit
            -- trail: it is derived from the log and may be rewritten.
            CREATE TABLE round_summaries (
                round_id         uuid    NOT NULL PRIMARY KEY,
                seq              bigint  NOT NULL CHECK (seq >= 1),
                district_code    text    NOT NULL,
                phase            integer NOT NULL,
                created_at_ticks bigint  NOT NULL,
                broken           boolean NOT NULL,
                document         jsonb   NOT NULL
            );

            CREATE INDEX round_summaries_newest ON round_summaries (created_at_ticks DESC, round_id);
            """),
        new(4, """
            -- Orleans' durable reminders (a round's calendar), for Orleans' ADO.NET reminder provider, in the shape of
            -- Orleans' PostgreSQL-Reminders.sql: the provider reads its queries from orleansquery, with fixed parameter
            -- and column names. grain_hash is the grain's uniform hash as a signed integer (the provider's cast), by
            -- which each silo reads the range it owns; version is the row's ETag, new on every write.
            CREATE TABLE orleans_reminders (
                service_id    varchar(150)   NOT NULL,
                grain_id      varchar(150)   NOT NULL,
                reminder_name varchar(150)   NOT NULL,
                start_time    timestamptz(3) NOT NULL,
                period        bigint         NOT NULL,
                grain_hash    integer        NOT NULL,
                version       integer        NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            );

            CREATE INDEX orleans_reminders_by_hash ON orleans_reminders (service_id, grain_hash);

            -- One statement each: the upsert answers the row's new version, the delete whether it removed the row
            -- with the version the caller holds.
            INSERT INTO orleansquery (querykey, querytext) VALUES
            ('UpsertReminderRowKey', '
                INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
                VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
                    start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
                    version = orleans_reminders.version + 1
                RETURNING version AS Version;'),
            ('ReadReminderRowsKey', '
                SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
                FROM orleans_reminders
                WHERE service_id = @ServiceId AND @ServiceId IS NOT NULL
                  AND grain_id = @GrainId AND @GrainId IS NOT NULL;'),
            ('ReadReminderRowKey', '
                SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
                FROM orleans_reminders
                WHERE service_id = @ServiceId AND @ServiceId IS NOT NULL
                  AND grain_id = @GrainId AND @GrainId IS NOT NULL
                  AND reminder_name = @ReminderName AND @ReminderName IS NOT NULL;'),
            ('ReadRangeRows1Key', '
                SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
                FROM orleans_reminders
                WHERE service_id = @ServiceId AND @ServiceId IS NOT NULL
                  AND grain_hash > @BeginHash AND @BeginHash IS NOT NULL
                  AND grain_hash <= @EndHash AND @EndHash IS NOT NULL;'),
            ('ReadRangeRows2Key', '
                SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
                FROM orleans_reminders
                WHERE service_id = @ServiceId AND @ServiceId IS NOT NULL
                  AND ((grain_hash > @BeginHash AND @BeginHash IS NOT NULL)
                    OR (grain_hash <= @EndHash AND @EndHash IS NOT NULL));'),
            ('DeleteReminderRowKey', '
                WITH deleted AS (
                    DELETE FROM orleans_reminders
                    WHERE service_id = @ServiceId AND @ServiceId IS NOT NULL
                      AND grain_id = @GrainId AND @GrainId IS NOT NULL
                      AND reminder_name = @ReminderName AND @ReminderName IS NOT NULL
                      AND version = @Version AND @Version IS NOT NULL
                    RETURNING 1)
                SELECT count(*)::integer FROM deleted;'),
            ('DeleteReminderRowsKey', '
                DELETE FROM orleans_reminders WHERE service_id = @ServiceId AND @ServiceId IS NOT NULL;');
            """),
        new(5, """
            -- Which round issued a voting code, so that the code alone finds its round. code_key is a keyed hash of the
            -- code (never the code itself, nor the round's own key of it). Not part of the audit trail: the round still
            -- decides whether it issued a code.
            CREATE TABLE voting_code_index (
                code_key text NOT NULL PRIMARY KEY,
                round_id uuid NOT NULL
            );
            """),
        new(6, """
            -- News by e-mail, as in the SQLite schema (migration 5 there; see News/INewsStore). Personal data, apart from
            -- the event log: the address sealed by the API, found again by a keyed hash; a withdrawal deletes the row.
            CREATE TABLE news_subscriptions (
                id                text   NOT NULL PRIMARY KEY,
                district_code     text   NOT NULL,
                address_key       text   NOT NULL,
                address_sealed    bytea  NOT NULL,
                language          text   NOT NULL CHECK (language IN ('nl', 'en')),
                participant_key   text,
                created_at_ticks  bigint NOT NULL,
                confirmed_at_ticks bigint,
                confirmation_requested_at_ticks bigint,
                UNIQUE (district_code, address_key)
            );

            CREATE INDEX news_subscriptions_by_participant ON news_subscriptions (participant_key) WHERE participant_key IS NOT NULL;

            -- The mail queue; lease_owner and lease_until claim a row for one node (FOR UPDATE SKIP LOCKED), so two
            -- silos never send the same message at once.
            CREATE TABLE news_outbox (
                id               bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                subscription_id  text    NOT NULL REFERENCES news_subscriptions (id) ON DELETE CASCADE,
                dedupe_key       text    NOT NULL UNIQUE,
                kind             text    NOT NULL,
                facts            text    NOT NULL,
                due_at_ticks     bigint  NOT NULL,
                attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                lease_owner      text,
                lease_until_ticks bigint,
                created_at_ticks bigint  NOT NULL
            );

            CREATE INDEX news_outbox_due ON news_outbox (due_at_ticks);
            CREATE INDEX news_outbox_by_subscription ON news_outbox (subscription_id);

            CREATE TABLE news_cursors (
                round_id uuid   NOT NULL PRIMARY KEY,
                seq      bigint NOT NULL CHECK (seq >= 0)
            );

            CREATE TABLE news_schedule (
                round_id      uuid   NOT NULL,
                kind          text   NOT NULL,
                district_code text   NOT NULL,
                due_at_ticks  bigint NOT NULL,
                facts         text   NOT NULL,
                PRIMARY KEY (round_id, kind)
            );

            -- Rounds that exist before news does: their past is not news.
            INSERT INTO news_cursors (round_id, seq) SELECT round_id, max(seq) FROM events GROUP BY round_id;
            """),
        new(7, """
            -- Proposal images by the SHA-256 of their bytes (see Images/IImageStore). Personal data (faces, houses),
            -- apart from the event log, which keeps only the hashes: a hidden or removed image's row can be deleted.
            CREATE TABLE proposal_images (
                hash            text   NOT NULL PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
                bytes           bytea  NOT NULL,
                stored_at_ticks bigint NOT NULL
            );
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings the database up to <see cref="LatestVersion"/> in one transaction under an advisory lock:
    /// safe when several nodes start at once (one migrates, the others wait and then find nothing to do), and a
    /// failed step leaves the schema as it was.</summary>
    /// <returns>The schema version found before migrating.</returns>
    public static async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1);", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = MigrationLockKey });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     NOT NULL PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """,
            connection,
            transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        int current;
        await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_migrations;", connection, transaction))
        {
            current = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
        }

        if (current > LatestVersion)
        {
            throw new StorageUnavailableException(
                $"The database '{connection.Database}' has schema version {current}, newer than the {LatestVersion} this build knows. " +
                "Run a newer build, or restore a backup made by this one.");
        }

        foreach (var migration in Migrations.Where(m => m.Version > current))
        {
            await using var apply = new NpgsqlCommand(migration.Script, connection, transaction);
            await apply.ExecuteNonQueryAsync(cancellationToken);

            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version) VALUES ($1);", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return current;
    }

    private sealed record Migration(int Version, string Script);
}
