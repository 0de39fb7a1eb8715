import ArgumentParser
import ConsentServer
import Foundation
import PigmentModel

/// `pigment consent …`: maintenance of the consent log.
struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Maintain the consent log.",
        subcommands: [PurgeCommand.self, VerifyCommand.self, MigrateCommand.self]
    )

    struct PurgeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "purge",
            abstract: "Delete consent records older than the retention period (the running server also does this daily)."
        )

        @Option(help: "Where records are: sqlite:PATH or postgres://… (default: $PIGMENT_DATABASE_URL, else sqlite:consents.sqlite).")
        var database: String?

        @Option(name: .customLong("retention-months"), help: "Keep records this many months.")
        var retentionMonths = 24

        func run() async throws {
            let store = try await ConsentStartup.store(try ConsentStartup.database(database))
            let policy = RetentionPolicy(months: retentionMonths)
            let deleted = try await policy.purge(store)
            print("Deleted \(deleted) consent record\(deleted == 1 ? "" : "s") older than \(LogTimestamp.text(policy.cutoff(now: Date())))")
        }
    }

    struct VerifyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check the consent log's hash chain: exit 1 naming the first entry edited, removed, inserted or reordered.",
            discussion: """
                Opens the log read-only. Each entry carries the hash of the one before it, so a change anywhere breaks the \
                chain after it, unless every later hash was recomputed too: --snapshot checks heads an auditor saw before \
                (GET /api/consent/log-head), which fixes everything before them.
                """
        )

        @Option(help: "Where records are: sqlite:PATH or postgres://… (default: $PIGMENT_DATABASE_URL, else sqlite:consents.sqlite).")
        var database: String?

        @Option(help: "A head seen before, as POSITION:HASH (from /api/consent/log-head); repeatable.")
        var snapshot: [String] = []

        func run() async throws {
            let snapshots = try snapshot.map(Self.snapshot)
            let reader = try await ConsentStartup.reader(try ConsentStartup.database(database))
            let report = try await LogVerifier.verify(reader, snapshots: snapshots)
            if !report.missingProtections.isEmpty {
                FileHandle.standardError.write(Data(("warning: the database's guards against edits are missing (\(report.missingProtections.joined(separator: ", ")));"
                                                     + " someone changed its schema outside the server\n").utf8))
            }
            if let problem = report.problem {
                FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
                throw ExitCode(1)
            }
            print("The consent log verifies: \(report.entries) entr\(report.entries == 1 ? "y" : "ies")"
                  + " (\(report.records) record\(report.records == 1 ? "" : "s"), \(report.checkpoints.count) purge checkpoint\(report.checkpoints.count == 1 ? "" : "s")).")
            print("Head: position \(report.head.position), hash \(report.head.hash)")
            for checkpoint in report.checkpoints {
                print("Purged: \(checkpoint.purgedCount) entr\(checkpoint.purgedCount == 1 ? "y" : "ies") recorded before \(LogTimestamp.text(checkpoint.purgedBefore)), through hash \(checkpoint.purgedThrough)")
            }
            for snapshot in snapshots where !report.purgedSnapshots.contains(snapshot) {
                print("Snapshot holds: position \(snapshot.position), hash \(snapshot.hash)")
            }
            for snapshot in report.purgedSnapshots {
                print("Snapshot of position \(snapshot.position) is older than the first entry left: purged, not checked")
            }
        }

        static func snapshot(_ text: String) throws -> LogVerifier.Snapshot {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let position = Int64(parts[0]), position > 0, ChainHash.isWellFormed(parts[1]) else {
                throw ValidationError("--snapshot must be POSITION:HASH, like 1234:\(String(repeating: "0", count: 64))")
            }
            return LogVerifier.Snapshot(position: position, hash: parts[1])
        }
    }
}

extension ConsentCommand {
    struct MigrateCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Copy a SQLite consent log into an empty PostgreSQL log, with its hash chain, and verify it there.",
            discussion: """
                The source is verified first and copied in one transaction: every entry keeps its position and hash, so \
                snapshots of the head taken before the move still hold. A target that already holds entries is refused.
                """
        )

        @Option(help: "The log to copy: sqlite:PATH.")
        var from: String

        @Option(help: "The empty PostgreSQL log to copy into: postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: $PIGMENT_DATABASE_URL).")
        var to: String?

        func run() async throws {
            guard case .sqlite = try ConsentStartup.database(from) else {
                throw ValidationError("--from must be sqlite:PATH (the log to copy)")
            }
            guard case .postgres(let url) = try ConsentStartup.database(to ?? ProcessInfo.processInfo.environment["PIGMENT_DATABASE_URL"] ?? "") else {
                throw ValidationError("--to must be postgres://USER:PASSWORD@HOST:PORT/DATABASE")
            }
            let source = try await ConsentStartup.reader(try ConsentStartup.database(from))
            do {
                let summary = try await PostgresLogImport.copy(from: source, to: url)
                print("Copied \(summary.entries) entr\(summary.entries == 1 ? "y" : "ies") into \(url.redacted); the copy verifies.")
                print("Head: position \(summary.head.position), hash \(summary.head.hash)")
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
