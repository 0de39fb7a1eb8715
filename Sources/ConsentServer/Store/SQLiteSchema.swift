import GRDB

/// The consent log's tables and the database's own guards, as versioned migrations recorded in the
/// file itself: a file from any earlier version is brought up to date in place when it is opened.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: consent log") { db in
            try db.create(table: "consent_record") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("consent_id", .text).notNull().indexed()
                table.column("recorded_at", .datetime).notNull().indexed()
                table.column("event", .text).notNull()
                table.column("choices", .text).notNull() // JSON object: category → granted
                table.column("registry_version", .text).notNull()
                table.column("policy_version", .text)
                table.column("method", .text).notNull()
                table.column("source", .text).notNull()
                table.column("gpc", .boolean).notNull()
                table.column("page_path", .text)
            }
            try db.execute(sql: """
                CREATE TRIGGER consent_record_no_update BEFORE UPDATE ON consent_record
                BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END;
                """)
        }
        migrator.registerMigration("v2: hash chain") { db in
            try db.execute(sql: """
                ALTER TABLE consent_record ADD COLUMN checkpoint TEXT;
                ALTER TABLE consent_record ADD COLUMN prev_hash TEXT;
                ALTER TABLE consent_record ADD COLUMN hash TEXT;
                DROP TRIGGER consent_record_no_update;
                """)
            try chainExistingEntries(db)
            try db.execute(sql: """
                CREATE TRIGGER consent_record_no_update BEFORE UPDATE ON consent_record
                BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END;
                CREATE TRIGGER consent_record_chained BEFORE INSERT ON consent_record
                WHEN NEW.hash IS NULL OR NEW.prev_hash IS NULL
                BEGIN SELECT RAISE(ABORT, 'consent log entries must carry their place in the hash chain'); END;
                CREATE TABLE consent_purge_gate (open INTEGER NOT NULL);
                INSERT INTO consent_purge_gate VALUES (0);
                CREATE TRIGGER consent_record_no_delete BEFORE DELETE ON consent_record
                WHEN (SELECT open FROM consent_purge_gate) IS NOT 1
                BEGIN SELECT RAISE(ABORT, 'consent records are append-only: only the retention purge deletes them'); END;
                """)
        }
        migrator.registerMigration("v3: client revision") { db in
            // NULL in every earlier entry, which `ChainHash` leaves out of the hashed bytes: old hashes still hold.
            try db.execute(sql: "ALTER TABLE consent_record ADD COLUMN client_revision TEXT")
        }
        return migrator
    }

    /// The triggers a verification expects; an attacker with the file drops them first.
    static let protections = ["consent_record_no_update", "consent_record_no_delete", "consent_record_chained"]

    /// Entries written before the chain existed are hashed as they are stored, oldest first, a page at
    /// a time (updating only the new columns, so paging by id stays stable).
    private static func chainExistingEntries(_ db: Database) throws {
        var previous = ChainHash.genesis
        var after: Int64 = 0
        while true {
            let entries = try LogRow.fetchAll(db, sql: "SELECT * FROM consent_record WHERE id > ? ORDER BY id LIMIT 1000", arguments: [after])
            guard let last = entries.last else { return }
            for entry in entries {
                let hash = entry.expectedHash(after: previous)
                try db.execute(sql: "UPDATE consent_record SET prev_hash = ?, hash = ? WHERE id = ?", arguments: [previous, hash, entry.position])
                previous = hash
            }
            after = last.position
        }
    }
}
