import ArgumentParser
import Foundation

/// The exit statuses, kept distinct so a CI step can tell them apart (README: "Exit statuses").
enum ExitStatus {
    /// The content (or the consent log) has errors: they were printed, nothing was published.
    static let contentErrors: Int32 = 1
    /// The command line was wrong (sysexits' EX_USAGE, as ArgumentParser answers a bad option).
    static let usage: Int32 = 64
    /// The tool itself failed: a bug, or the machine (a port taken, a disk that cannot be written).
    static let internalFailure: Int32 = 70

    /// Runs the parsed command; a failure that no command turned into an exit status of its own is an internal failure.
    static func run(_ command: inout some ParsableCommand) async -> Never {
        do {
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch {
            // ArgumentParser knows its own errors (a subcommand's --help arrives here too); what it
            // would only call a failure, and no command chose as its status, is the tool failing.
            guard !(error is ExitCode), Pigment.exitCode(for: error) == .failure else { Pigment.exit(withError: error) }
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(internalFailure)
        }
    }
}
