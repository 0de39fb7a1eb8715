import Foundation
import Testing

/// What a CI log needs from the binary: its version, and exit statuses that tell apart success (0),
/// errors in the content (1), a wrong command line (64) and the tool failing to run (70).
@Suite("pigment --version and exit statuses")
struct VersionAndExitStatusTests {
    @Test func versionNamesTheToolAndItsMarkdownLibrary() throws {
        let outcome = try PigmentProcess.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.range(of: #"^pigment \d+\.\d+\.\d+ \(libcmark \d+\.\d+\.\d+\)\n$"#, options: .regularExpression) != nil, "\(outcome.stdout)")
    }

    @Test func aRootThatIsNotASiteIsAUsageErrorSaidPlainly() throws {
        let missing = try PigmentProcess.run(["build", "--root", "/no/such/folder-\(UUID().uuidString)"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no such folder"), "\(missing.stderr)")
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        for command in ["build", "check"] {
            let outcome = try PigmentProcess.run([command, "--root", empty.path])
            #expect(outcome.status == 64)
            #expect(outcome.stderr.contains("is not a Pigment site: it has no Content/ folder"), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("page.mustache") && !outcome.stderr.contains("baseURL"))
        }
    }

    @Test(arguments: [["--help"], ["build", "--help"], ["consent-server", "--help"], ["consent", "verify", "--help"]])
    func helpIsPrintedOnStdoutAndExitsZero(arguments: [String]) throws {
        let outcome = try PigmentProcess.run(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("USAGE: pigment") && outcome.stderr.isEmpty, "\(outcome.stdout)")
    }

    @Test func anUnknownOptionIsAUsageError() throws {
        let outcome = try PigmentProcess.run(["build", "--no-such-option"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("Unknown option '--no-such-option'"))
    }

    @Test func aToolThatCannotRunExitsSeventy() throws {
        // A port another process holds: the server cannot listen, which is neither the content's fault nor the command line's.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) } }
        #expect(listen(holder, 1) == 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(holder, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("exit-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let outcome = try PigmentProcess.run(["consent-server", "--site-root", PigmentProcess.packageRoot.path, "--database", "sqlite:\(database)",
                                              "--host", "127.0.0.1", "--port", "\(port)"])
        #expect(outcome.status == 70, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("Address already in use"), "\(outcome.stderr)")
    }
}
