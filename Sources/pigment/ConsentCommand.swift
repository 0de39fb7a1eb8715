import ArgumentParser
import ConsentServer
import Foundation
import PigmentModel

/// `pigment consent …`: maintenance of the consent log.
struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Maintain the consent log.",
        subcommands: [PurgeCommand.self, VerifyCommand.self]
    )

    struct PurgeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "purge",
            abstract: "Delete consent records older than the retention period (the running server also does this daily)."
        )

        @Option(help: "Where records are: sqlite:PATH.")
        var database = "sqlite:consents.sqlite"

        @Option(name: .customLong("retention-months"), help: "Keep records this many months.")
        var retentionMonths = 24

        func run() async throws {
            let store = try ConsentStartup.store(database)
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

        @Option(help: "Where records are: sqlite:PATH.")
        var database = "sqlite:consents.sqlite"

        @Option(help: "A head seen before, as POSITION:HASH (from /api/consent/log-head); repeatable.")
        var snapshot: [String] = []

        func run() async throws {
            let snapshots = try snapshot.map(Self.snapshot)
            let reader: SQLiteLogReader
            do {
                reader = try SQLiteLogReader(path: try ConsentStartup.sqlitePath(database))
            } catch let error as ExitCode {
                throw error
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(1)
            }
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
