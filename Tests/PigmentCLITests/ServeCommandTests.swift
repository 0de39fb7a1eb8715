import ConsentServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PigmentModel
import Testing

@Suite("pigment serve")
struct ServeCommandTests {
    @Test func servesTheBuiltSiteWithPrettyURLsAndItsOwn404() async throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        let server = try ServerProcess(arguments: ["serve", "--root", site.root.path, "--port", "0"])
        defer { server.stop() }
        let base = try await server.waitForURL()
        #expect(base.host == "127.0.0.1")

        let (home, homeResponse) = try await fetch(base)
        #expect(homeResponse.statusCode == 200)
        #expect(home.contains(#"<a href="/legal/privacy/">policy</a>"#))

        let (privacy, privacyResponse) = try await fetch(base.appendingPathComponent("legal/privacy/"))
        #expect(privacyResponse.statusCode == 200)
        #expect(privacy.contains("<h1>Privacy</h1>"))

        let (missing, missingResponse) = try await fetch(base.appendingPathComponent("no/such/page/"))
        #expect(missingResponse.statusCode == 404)
        #expect(missing.contains("<p>Not here.</p>"))
    }

    @Test func rebuildsWhenAFileChanges() async throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        let server = try ServerProcess(arguments: ["serve", "--root", site.root.path, "--port", "0"])
        defer { server.stop() }
        let base = try await server.waitForURL()
        try site.write("Content/legal/privacy.md", "---\ntitle: Privacy, revised\n---\n## Cookies\n")
        // The poller looks once a second; give it a bounded while.
        var body = ""
        for _ in 0..<40 where !body.contains("Privacy, revised") {
            try await Task.sleep(for: .milliseconds(250))
            body = try await fetch(base.appendingPathComponent("legal/privacy/")).0
        }
        #expect(body.contains("<h1>Privacy, revised</h1>"))
    }

    /// A first build that fails leaves nothing to serve: every page answers with the errors, as the
    /// terminal shows them, and the page reloads into the site once the writer fixes them.
    @Test func beforeAnyGoodBuildEveryPageShowsTheErrors() async throws {
        var files = ScratchSite.minimal
        files["Content/legal/privacy.md"] = "---\ntitle: [Privacy\n---\nText.\n"
        let site = try ScratchSite(files)
        defer { site.remove() }
        let server = try ServerProcess(arguments: ["serve", "--root", site.root.path, "--port", "0"])
        defer { server.stop() }
        let base = try await server.waitForURL()
        for path in ["", "legal/privacy/", "no/such/page/"] {
            let (page, response) = try await fetch(base.appendingPathComponent(path))
            #expect(response.statusCode == 500, "/\(path)")
            #expect(page.contains("Content/legal/privacy.md:2:"), "/\(path) names the file and line: \(page)")
            #expect(page.contains(" 2 | title: [Privacy\n"), "/\(path) shows the excerpt")
            #expect(page.contains("^</pre>"), "/\(path) shows the caret")
            #expect(page.contains(#"<script src="/_pigment/live.js"></script>"#), "/\(path) reloads once a build succeeds")
        }
        try site.write("Content/legal/privacy.md", "---\ntitle: Privacy\n---\nText.\n")
        var status = 0
        for _ in 0..<40 where status != 200 {
            try await Task.sleep(for: .milliseconds(250))
            status = try await fetch(base.appendingPathComponent("legal/privacy/")).1.statusCode
        }
        #expect(status == 200)
        #expect(try await fetch(base.appendingPathComponent("no/such/page/")).1.statusCode == 404, "then a missing page is missing")
    }

    /// After the first build, a rebuild prints only the warnings it found that the last build did not have,
    /// and says how many it left out, so the one a writer just caused does not scroll away among the rest.
    @Test func aRebuildPrintsOnlyTheWarningsThatAreNew() async throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        let errorLog = site.root.appendingPathComponent("serve.stderr")
        let server = try ServerProcess(arguments: ["serve", "--root", site.root.path, "--port", "0"], errorLog: errorLog)
        defer { server.stop() }
        _ = try await server.waitForURL()
        let undated = "Content/legal/privacy.md:1:1: warning:"
        #expect(try String(contentsOf: errorLog, encoding: .utf8).contains(undated), "the first build prints its warning")

        // A second legal page without an `updated` date: a warning of its own.
        try site.write("Content/legal/terms.md", "---\ntitle: Terms\n---\nText.\n")
        let summary = try server.waitForLine(matching: "^Rebuilt ")
        #expect(summary.hasSuffix("; 2 warnings (1 as before, not repeated), 0 errors"), "\(summary)")
        let printed = try String(contentsOf: errorLog, encoding: .utf8)
        #expect(printed.components(separatedBy: undated).count - 1 == 1, "the old warning is not printed again: \(printed)")
        #expect(printed.contains("Content/legal/terms.md:1:1: warning:"), "the new one is: \(printed)")
    }

    @Test func servesTheConsentAPIOnTheSiteOrigin() async throws {
        var files = ScratchSite.minimal
        files["Content/data/consent.yml"] = ConsentServerCommandTests.registry
        let site = try ScratchSite(files)
        defer { site.remove() }
        let server = try ServerProcess(arguments: ["serve", "--root", site.root.path, "--port", "0"])
        defer { server.stop() }
        let base = try await server.waitForURL()
        var request = URLRequest(url: base.appendingPathComponent("api/consent"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(base.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")), forHTTPHeaderField: "Origin")
        request.httpBody = Data(#"{"choices": {"analytics": false}}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 201)
        #expect(site.exists(".pigment/consents.sqlite"), "preview consents go to a local file")
        #expect(try await fetch(base.appendingPathComponent("legal/privacy/")).1.statusCode == 200, "the site is still served")
    }

    private func fetch(_ url: URL) async throws -> (String, HTTPURLResponse) {
        let (data, response) = try await URLSession.shared.data(from: url)
        return (String(decoding: data, as: UTF8.self), response as! HTTPURLResponse)
    }
}

/// A `pigment serve` child process; stopped by the test (and killed at the latest when the test ends).
final class ServerProcess: @unchecked Sendable {
    private let process = Process()
    private let output = Pipe()

    /// `errorLog`: a file that receives its stderr (by default, thrown away).
    init(arguments: [String], environment: [String: String] = [:], errorLog: URL? = nil) throws {
        process.executableURL = PigmentProcess.executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.standardOutput = output
        if let errorLog {
            _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errorLog)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
    }

    /// Reads stdout until a line matches `pattern`, and returns that line; gives up after `seconds`.
    func waitForLine(matching pattern: String, seconds: Double = 30) throws -> String {
        let handle = output.fileHandleForReading
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let complete = pendingOutput.lastIndex(of: "\n").map { pendingOutput[..<$0] } ?? ""
            if let line = complete.split(separator: "\n").first(where: { $0.range(of: pattern, options: .regularExpression) != nil }) {
                pendingOutput = String(pendingOutput[line.endIndex...].dropFirst())
                return String(line)
            }
            // Waits for output a quarter second at a time, so a silent server cannot hold the test past its deadline.
            var ready = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 250) > 0 else { continue }
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pendingOutput += String(decoding: chunk, as: UTF8.self)
        }
        throw ServerDidNotStart(output: "no line matching \(pattern) within \(seconds) s; it printed: \(pendingOutput)")
    }
    private var pendingOutput = ""

    /// Reads stdout until the server announces its address; gives up after 30 seconds.
    func waitForURL() async throws -> URL {
        let handle = output.fileHandleForReading
        let deadline = Date().addingTimeInterval(30)
        var text = ""
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let match = text.firstMatch(of: #/at (http://127\.0\.0\.1:\d+/)/#), let url = URL(string: String(match.1)) {
                pendingOutput = String(text[match.range.upperBound...])
                return url
            }
        }
        throw ServerDidNotStart(output: text)
    }

    func stop() {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
    }

    /// Sends SIGTERM, as a process manager does, and returns the exit status.
    func terminate() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        var output: String
        var description: String { "pigment serve did not start; it printed: \(output)" }
    }
}

@Suite("pigment consent-server")
struct ConsentServerCommandTests {
    static let registry = """
        categories:
          - id: essential
            title: Essential
            required: true
            description: Always on.
          - id: analytics
            title: Analytics
            description: Opt-in.
        """

    @Test func recordsSurviveARestartOfTheServer() async throws {
        let site = try ScratchSite(["Content/data/consent.yml": Self.registry])
        defer { site.remove() }
        let database = "sqlite:" + site.root.appendingPathComponent("data/consents.sqlite").path
        var ids: [String] = []
        for _ in 0..<2 {
            let server = try ServerProcess(arguments: ["consent-server", "--port", "0", "--site-root", site.root.path, "--database", database])
            let base = try await server.waitForURL()
            var request = URLRequest(url: base.appendingPathComponent("api/consent"))
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"choices": {"analytics": true}}"#.utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 201)
            ids.append(((try JSONSerialization.jsonObject(with: data)) as? [String: Any])?["consentId"] as? String ?? "")
            server.stop()
        }
        // After the restart, both records are there: the first server's is still readable.
        let server = try ServerProcess(arguments: ["consent-server", "--port", "0", "--site-root", site.root.path, "--database", database])
        defer { server.stop() }
        let base = try await server.waitForURL()
        for id in ids {
            let (_, response) = try await URLSession.shared.data(from: base.appendingPathComponent("api/consent/\(id)"))
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
        }
    }

    @Test func theNumberOfEventLoopsCanBeChosenButNotZero() async throws {
        let site = try ScratchSite(["Content/data/consent.yml": Self.registry])
        defer { site.remove() }
        let database = "sqlite:" + site.root.appendingPathComponent("c.sqlite").path
        let refused = try PigmentProcess.run(["consent-server", "--port", "0", "--site-root", site.root.path, "--database", database, "--event-loops", "0"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--event-loops must be at least 1"))
        let server = try ServerProcess(arguments: ["consent-server", "--port", "0", "--site-root", site.root.path, "--database", database, "--event-loops", "3"])
        defer { server.stop() }
        var request = URLRequest(url: try await server.waitForURL().appendingPathComponent("api/consent"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"choices": {"analytics": false}}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 201)
    }

    @Test func aBrokenRegistryStopsTheServerWithItsLine() throws {
        let site = try ScratchSite(["Content/data/consent.yml": "categories:\n  - id: essential\n"])
        defer { site.remove() }
        let outcome = try PigmentProcess.run(["consent-server", "--port", "0", "--site-root", site.root.path,
                                              "--database", "sqlite:" + site.root.appendingPathComponent("c.sqlite").path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("Content/data/consent.yml:2:5: error: missing 'title'"))
    }
}

@Suite("pigment consent purge")
struct ConsentPurgeCommandTests {
    @Test func purgeDeletesRecordsOlderThanTheRetentionPeriod() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("purge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("c.sqlite").path
        let store = try SQLiteConsentStore(path: path)
        func record(_ age: TimeInterval) -> ConsentRecord {
            ConsentRecord(consentID: ConsentID.generate(), recordedAt: Date().addingTimeInterval(-age), event: .first,
                          choices: ["essential": true], registryVersion: "v", policyVersion: nil, method: .rejectAll,
                          source: .banner, gpc: false, pagePath: nil)
        }
        try await store.append([record(800 * 86_400), record(10 * 86_400)])
        let outcome = try PigmentProcess.run(["consent", "purge", "--database", "sqlite:" + path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("Deleted 1 consent record older than"))
        #expect(try await store.count() == 1)
        let shorter = try PigmentProcess.run(["consent", "purge", "--database", "sqlite:" + path, "--retention-months", "0"])
        #expect(shorter.stdout.hasPrefix("Deleted 1 consent record"))
        #expect(try await store.count() == 0)
    }
}
