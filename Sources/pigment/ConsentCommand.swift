import ArgumentParser
import ConsentServer
import Foundation

/// `pigment consent …`: maintenance of the consent log.
struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Maintain the consent log.",
        subcommands: [PurgeCommand.self]
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
            print("Deleted \(deleted) consent record\(deleted == 1 ? "" : "s") older than \(SQLiteConsentStore.timestamp(policy.cutoff(now: Date())))")
        }
    }
}
