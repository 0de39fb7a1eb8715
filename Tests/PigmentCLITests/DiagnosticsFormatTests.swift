import Foundation
import Testing

/// `--diagnostics text|json|github` on build and check: every format carries the same diagnostics.
@Suite("pigment build --diagnostics")
struct DiagnosticsFormatTests {
    /// A site with one error (a missing link target) and one warning (a legal page without `updated`).
    static func brokenSite() throws -> ScratchSite {
        let site = try ScratchSite(ScratchSite.minimal)
        try site.write("Content/index.md", "---\ntitle: Home\n---\nSee the [policy](legal/privacy.md), [a, b](/nope%/).\n")
        return site
    }

    /// `(severity, file, line, column, message)` of each compiler-style line of the text format.
    static func textDiagnostics(_ stderr: String) -> Set<String> {
        Set(stderr.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("Content/") || line.hasPrefix("Templates/") else { return nil }
            return String(line)
        })
    }

    @Test(arguments: ["build", "check"])
    func jsonAndGitHubCarryWhatTextCarries(command: String) throws {
        let site = try Self.brokenSite()
        defer { site.remove() }
        let text = try PigmentProcess.run([command, "--root", site.root.path])
        #expect(text.status == 1)
        let expected = Self.textDiagnostics(text.stderr)
        #expect(expected.count == 2, "\(text.stderr)")

        let json = try PigmentProcess.run([command, "--root", site.root.path, "--diagnostics", "json"])
        #expect(json.status == 1)
        #expect(json.stderr.isEmpty, "json writes nothing else: \(json.stderr)")
        let objects = try json.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let summary = try #require(objects.last?["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 1 && summary["warnings"] as? Int == 1 && summary["succeeded"] as? Bool == false)
        let fromJSON = Set(objects.dropLast().map { object in
            "\(object["file"]!):\(object["line"]!):\(object["column"]!): \(object["severity"]!): \(object["message"]!)"
        })
        #expect(fromJSON == expected)
        #expect(objects.dropLast().allSatisfy { Set($0.keys) == ["severity", "file", "line", "column", "message", "hint"] })

        let github = try PigmentProcess.run([command, "--root", site.root.path, "--diagnostics", "github"])
        #expect(github.status == 1)
        let commands = github.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(commands.count == 2, "\(github.stdout)")
        let fromGitHub = Set(commands.map { line -> String in
            let (head, message) = (line.components(separatedBy: "::")[1], line.components(separatedBy: "::")[2])
            let parts = head.split(separator: " ", maxSplits: 1)
            var properties: [String: String] = [:]
            for pair in parts[1].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                properties[String(kv[0])] = String(kv[1]).replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
            }
            let unescaped = message.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r")
                .replacingOccurrences(of: "%25", with: "%")
            return "\(properties["file"]!):\(properties["line"]!):\(properties["col"]!): \(parts[0]): \(unescaped)"
        })
        #expect(fromGitHub == expected)
    }

    @Test func githubIsTheDefaultInsideGitHubActionsAndPathsStartAtTheCheckout() throws {
        let site = try Self.brokenSite()
        defer { site.remove() }
        let outcome = try PigmentProcess.run(["check", "--root", site.root.path],
                                             environment: ["GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": site.root.deletingLastPathComponent().path])
        let prefix = site.root.lastPathComponent + "/"
        #expect(outcome.stdout.contains("::error file=\(prefix)Content/index.md,line=4,col="), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("::warning file=\(prefix)Content/legal/privacy.md,"))
        let chosen = try PigmentProcess.run(["check", "--root", site.root.path, "--diagnostics", "text"], environment: ["GITHUB_ACTIONS": "true"])
        #expect(!chosen.stdout.contains("::error") && chosen.stderr.contains(": error: "))
    }

    @Test func aSuccessfulBuildSummarisesInJSON() throws {
        let site = try ScratchSite(ScratchSite.minimal)
        defer { site.remove() }
        let outcome = try PigmentProcess.run(["build", "--root", site.root.path, "--diagnostics", "json"])
        #expect(outcome.status == 0)
        let last = try #require(outcome.stdout.split(separator: "\n").last)
        let summary = try #require((try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])?["summary"] as? [String: Any])
        #expect(summary["succeeded"] as? Bool == true && summary["errors"] as? Int == 0 && summary["pages"] as? Int == 4)
    }
}
