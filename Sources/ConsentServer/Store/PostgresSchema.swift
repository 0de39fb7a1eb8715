/// The consent log's tables in PostgreSQL and the database's own guards, as numbered migrations
/// recorded in `consent_schema_migration`. Every server runs them at start-up under an advisory
/// lock, so instances starting together migrate once.
///
/// What the database enforces, whoever connects:
/// - the chain: an insert's place (`id`, `prev_hash`) is given by a trigger that holds the chain's
///   advisory lock until the transaction ends, so appends from any number of servers are serialised
///   here, not in a process; the trigger computes the entry's hash (the same bytes as `ChainHash`) and
///   refuses an insert whose stated hash differs; `prev_hash` is unique, so the chain cannot fork;
/// - append-only: updates, deletes and TRUNCATE are refused by triggers, except the retention purge
///   (`consent_purge`), which deletes the front of the log and appends its checkpoint in one step;
/// - least privilege: the role `pigment_consent_writer` may only read and insert entries and run the
///   purge function; the server uses it for everything after migrating.
enum PostgresSchema {
    /// The role servers act as: SELECT and INSERT on the log, EXECUTE on the purge functions, nothing else.
    static let writerRole = "pigment_consent_writer"

    /// The advisory lock key migrations hold (any fixed number; `pigment` in ASCII).
    static let migrationLock: Int64 = 0x7069_676D_656E_74
    /// The advisory lock appends hold until their transaction ends (`pigment1`).
    static let chainLock: Int64 = 0x7069_676D_656E_7431

    /// A migration's SQL with the schema and lock keys filled in.
    static func script(_ migration: Migration, schema: String) -> String {
        migration.sql.replacingOccurrences(of: "{schema}", with: schema).replacingOccurrences(of: "{chainLock}", with: String(chainLock))
    }

    struct Migration {
        var version: Int
        var name: String
        /// SQL with `{schema}` for the schema the log lives in (functions pin their search path to it).
        var sql: String
    }

    /// The guards a verification expects; someone with the owner's rights drops them first.
    static let protections = ["consent_record_chain", "consent_record_advance", "consent_record_no_update", "consent_record_no_delete",
                              "consent_record_no_truncate"]

    static let migrations: [Migration] = [
        Migration(version: 1, name: "consent log with hash chain", sql: #"""
            CREATE TABLE consent_log_head (
                only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                position bigint NOT NULL,
                hash text NOT NULL,
                entries bigint NOT NULL
            );
            INSERT INTO consent_log_head VALUES (true, 0, repeat('0', 64), 0);

            CREATE TABLE consent_record (
                id bigint PRIMARY KEY,
                consent_id text NOT NULL,
                recorded_at text NOT NULL CHECK (recorded_at ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$'),
                event text NOT NULL,
                choices text NOT NULL,
                registry_version text NOT NULL,
                policy_version text,
                method text NOT NULL,
                source text NOT NULL,
                gpc smallint NOT NULL CHECK (gpc IN (0, 1)),
                page_path text,
                checkpoint text,
                client_revision text,
                -- Two entries following one would be a fork: the chain stays one line, whatever inserts.
                prev_hash text NOT NULL UNIQUE CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
                hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
            );
            CREATE INDEX consent_record_consent_id ON consent_record (consent_id);
            CREATE INDEX consent_record_recorded_at ON consent_record (recorded_at);
            CREATE INDEX consent_record_checkpoints ON consent_record (id) WHERE checkpoint IS NOT NULL;

            -- ChainHash's bytes for one text column: n; for NULL, t<bytes>:<text>; otherwise.
            CREATE FUNCTION consent_chain_text(value text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
                SELECT CASE WHEN value IS NULL THEN convert_to('n;', 'UTF8')
                       ELSE convert_to('t' || octet_length(value) || ':' || value || ';', 'UTF8') END
            $$;

            -- ChainHash.hash(previous:values:): columns after the first eleven only when set. PL/pgSQL,
            -- whose expression plan is cached per session: as a SQL function taking the row it was
            -- planned on every call (0.43 ms a row against 0.01 ms, 1,000 rows, PostgreSQL 15).
            CREATE FUNCTION consent_chain_hash(previous text, entry consent_record) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
            BEGIN
                RETURN encode(sha256(
                    convert_to(E'pigment-consent-log/1\n' || previous || E'\n', 'UTF8')
                    || consent_chain_text(entry.consent_id) || consent_chain_text(entry.recorded_at)
                    || consent_chain_text(entry.event) || consent_chain_text(entry.choices)
                    || consent_chain_text(entry.registry_version) || consent_chain_text(entry.policy_version)
                    || consent_chain_text(entry.method) || consent_chain_text(entry.source)
                    || convert_to('i' || entry.gpc || ';', 'UTF8')
                    || consent_chain_text(entry.page_path) || consent_chain_text(entry.checkpoint)
                    || CASE WHEN entry.client_revision IS NULL THEN ''::bytea ELSE consent_chain_text(entry.client_revision) END
                ), 'hex');
            END
            $$;

            -- Gives each new entry its place after the newest (the head's, when a purge left none) and
            -- its hash, holding the chain's lock until the transaction ends: appends from every server
            -- take turns here. (A row lock on the head, updated per entry, cost twice as much.)
            CREATE FUNCTION consent_record_chain() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                last_position bigint;
                last_hash text;
                computed text;
            BEGIN
                PERFORM pg_advisory_xact_lock({chainLock});
                SELECT id, hash INTO last_position, last_hash FROM consent_record ORDER BY id DESC LIMIT 1;
                IF NOT FOUND THEN
                    SELECT position, hash INTO last_position, last_hash FROM consent_log_head;
                END IF;
                NEW.id := last_position + 1;
                NEW.prev_hash := last_hash;
                computed := consent_chain_hash(last_hash, NEW);
                IF NEW.hash IS NOT NULL AND NEW.hash <> computed THEN
                    RAISE EXCEPTION 'consent log entry carries hash %, but its values hash to %', NEW.hash, computed;
                END IF;
                NEW.hash := computed;
                RETURN NEW;
            END
            $$;
            CREATE TRIGGER consent_record_chain BEFORE INSERT ON consent_record
                FOR EACH ROW EXECUTE FUNCTION consent_record_chain();

            -- The head and the count, once per statement.
            CREATE FUNCTION consent_log_advance() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_catalog AS $$
            BEGIN
                UPDATE consent_log_head SET entries = entries + (SELECT count(*) FROM added),
                    (position, hash) = (SELECT id, hash FROM added ORDER BY id DESC LIMIT 1)
                WHERE EXISTS (SELECT FROM added);
                RETURN NULL;
            END
            $$;
            CREATE TRIGGER consent_record_advance AFTER INSERT ON consent_record
                REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION consent_log_advance();

            CREATE FUNCTION consent_record_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND current_setting('pigment.purging', true) = 'on' THEN RETURN OLD; END IF;
                RAISE EXCEPTION 'consent records are append-only: only the retention purge deletes them (% refused)', TG_OP;
            END
            $$;
            CREATE TRIGGER consent_record_no_update BEFORE UPDATE ON consent_record
                FOR EACH ROW EXECUTE FUNCTION consent_record_refuse();
            CREATE TRIGGER consent_record_no_delete BEFORE DELETE ON consent_record
                FOR EACH ROW EXECUTE FUNCTION consent_record_refuse();
            CREATE TRIGGER consent_record_no_truncate BEFORE TRUNCATE ON consent_record
                FOR EACH STATEMENT EXECUTE FUNCTION consent_record_refuse();

            -- Deletes the front of the log (entries before the first recorded at or after the cutoff)
            -- and appends the checkpoint that says so; returns how many records went.
            CREATE FUNCTION consent_purge(cutoff text, purged_at text) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = {schema}, pg_catalog AS $$
            DECLARE
                first_kept bigint;
                last_hash text;
                gone_entries bigint;
                gone_records bigint;
            BEGIN
                PERFORM pg_advisory_xact_lock({chainLock});
                SELECT id INTO first_kept FROM consent_record WHERE recorded_at >= cutoff ORDER BY id LIMIT 1;
                first_kept := coalesce(first_kept, 9223372036854775807);
                SELECT hash INTO last_hash FROM consent_record WHERE id < first_kept ORDER BY id DESC LIMIT 1;
                IF last_hash IS NULL THEN RETURN 0; END IF;
                SELECT count(*), count(*) FILTER (WHERE checkpoint IS NULL) INTO gone_entries, gone_records
                    FROM consent_record WHERE id < first_kept;
                PERFORM set_config('pigment.purging', 'on', true);
                DELETE FROM consent_record WHERE id < first_kept;
                PERFORM set_config('pigment.purging', 'off', true);
                UPDATE consent_log_head SET entries = entries - gone_entries;
                INSERT INTO consent_record (consent_id, recorded_at, event, choices, registry_version, policy_version,
                                            method, source, gpc, page_path, checkpoint)
                VALUES ('', purged_at, 'checkpoint', '{}', '', NULL, '', '', 0, NULL,
                        format('{"purgedBefore":"%s","purgedCount":%s,"purgedThrough":"%s"}', cutoff, gone_entries, last_hash));
                RETURN gone_records;
            END
            $$;

            -- The purge at most once per UTC day, however many servers try: the first to claim the day runs it.
            CREATE TABLE consent_purge_run (
                day date PRIMARY KEY,
                ran_at text NOT NULL
            );
            CREATE FUNCTION consent_purge_daily(day date, cutoff text, purged_at text) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = {schema}, pg_catalog AS $$
            BEGIN
                INSERT INTO consent_purge_run VALUES (day, purged_at) ON CONFLICT DO NOTHING;
                IF NOT FOUND THEN RETURN -1; END IF;
                RETURN consent_purge(cutoff, purged_at);
            END
            $$;

            -- Readiness: whether this session could append now (a primary, not a read-only replica or transaction).
            CREATE FUNCTION consent_log_writable() RETURNS boolean LANGUAGE sql STABLE AS $$
                SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'
                       AND has_table_privilege('consent_record', 'INSERT')
            $$;

            -- Functions are executable by everyone unless revoked; the purge is the writer role's alone.
            REVOKE EXECUTE ON FUNCTION consent_purge(text, text), consent_purge_daily(date, text, text) FROM PUBLIC;
            """#),
        // Analytics events beside the log, so every server's events, rollups and erasures meet in
        // one place. Counts, not proof: no triggers guard them, and servers may delete them.
        Migration(version: 2, name: "analytics events and daily rollups", sql: """
            CREATE TABLE page_event (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                visitor text NOT NULL,
                consent_id text,
                recorded_at text NOT NULL,
                day text NOT NULL,
                kind text NOT NULL,
                name text,
                path text NOT NULL,
                referrer_host text,
                device text,
                language text,
                browser text NOT NULL,
                system text NOT NULL
            );
            CREATE INDEX page_event_day ON page_event (day);
            CREATE INDEX page_event_consent ON page_event (consent_id);
            CREATE INDEX page_event_recorded_at ON page_event (recorded_at);
            -- Whether a consent id's latest record grants a category: events are inserted only while it
            -- does, so a withdrawal written by one server stops what another server still has queued.
            CREATE FUNCTION consent_grants(consent text, category text) RETURNS boolean LANGUAGE sql STABLE
            SET search_path = {schema}, pg_catalog AS $$
                SELECT coalesce((SELECT (choices::jsonb ->> category) = 'true' FROM consent_record
                                 WHERE consent_id = consent AND checkpoint IS NULL ORDER BY id DESC LIMIT 1), false)
            $$;
            \(EventRollupSQL.rollupSchema)
            """),
    ]

    /// Creates the writer role if this user may, and grants it exactly what a server needs. Without
    /// the right to create roles the server runs as the connecting user, still held by the triggers.
    static func writerGrants(schema: String) -> String {
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(writerRole)') THEN
                IF (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                    -- Roles belong to the cluster: a log in another database may be creating it now.
                    BEGIN
                        CREATE ROLE \(writerRole) NOLOGIN;
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                    END;
                END IF;
            END IF;
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = '\(writerRole)') THEN
                REVOKE ALL ON consent_record, consent_log_head, consent_purge_run, page_event, event_rollup, event_rollup_day FROM \(writerRole);
                GRANT USAGE ON SCHEMA \(schema) TO \(writerRole);
                GRANT SELECT, INSERT ON consent_record TO \(writerRole);
                GRANT SELECT ON consent_log_head, consent_schema_migration TO \(writerRole);
                GRANT SELECT, INSERT, DELETE ON page_event TO \(writerRole);
                GRANT SELECT, INSERT ON event_rollup, event_rollup_day TO \(writerRole);
                GRANT EXECUTE ON FUNCTION consent_grants(text, text) TO \(writerRole);
                GRANT EXECUTE ON FUNCTION consent_purge(text, text), consent_purge_daily(date, text, text),
                    consent_log_writable() TO \(writerRole);
                IF NOT pg_has_role(current_user, '\(writerRole)', 'MEMBER') THEN
                    EXECUTE format('GRANT \(writerRole) TO %I', current_user);
                END IF;
            END IF;
        END $$;
        """
    }
}
