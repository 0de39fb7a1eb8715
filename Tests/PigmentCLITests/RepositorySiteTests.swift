import Foundation
import Testing

/// The repository's own site: it builds cleanly, and its privacy page says what the company's policy says.
@Suite("The Pigment Studio site")
struct RepositorySiteTests {
    @Test func repositoryBuildsWithoutErrorsOrWarnings() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pigment-repo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let outcome = try PigmentProcess.run(["build", "--strict", "--root", PigmentProcess.packageRoot.path, "--output", output.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("legal/privacy/index.html").path))
    }

    @Test func privacyPageHasEveryWordOfTheCompanyPolicy() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pigment-repo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(try PigmentProcess.run(["build", "--root", PigmentProcess.packageRoot.path, "--output", output.path]).status == 0)
        let html = try String(contentsOf: output.appendingPathComponent("legal/privacy/index.html"), encoding: .utf8)
        let pageText = Self.visibleText(html)

        let policy = try String(contentsOf: Self.companyPolicy, encoding: .utf8)
        for line in policy.split(separator: "\n") {
            var expected = line.trimmingCharacters(in: .whitespaces)
            if expected.hasPrefix("- ") { expected.removeFirst(2) }
            #expect(pageText.contains(Self.normalized(expected)), "missing from the privacy page: \(expected)")
        }
    }

    /// The company's privacy policy as the repository keeps it, so the check runs on any clean checkout.
    static let companyPolicy = PigmentProcess.packageRoot.appendingPathComponent("Tests/PigmentCLITests/Fixtures/company-privacy-policy.txt")

    /// Where the company keeps its current text, beside the repository on the team's machines.
    static let sharedPolicy = PigmentProcess.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/source/privacy-policy.txt")

    /// When the company's current text is at hand, the repository's copy must be that text: a new
    /// company policy fails here until the copy (and the privacy page) follow it.
    @Test func repositoryKeepsTheCompanysCurrentPolicyText() throws {
        let kept = try String(contentsOf: Self.companyPolicy, encoding: .utf8)
        #expect(kept.contains("Privacy"), "the kept copy is not a privacy policy")
        guard let current = try? String(contentsOf: Self.sharedPolicy, encoding: .utf8) else { return }
        #expect(kept == current, "Tests/PigmentCLITests/Fixtures/company-privacy-policy.txt differs from \(Self.sharedPolicy.path)")
    }

    /// Text a reader sees: tags dropped, entities and typographic quotes folded to plain ASCII, spaces collapsed.
    static func visibleText(_ html: String) -> String {
        normalized(html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression))
    }

    static func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "[“”]", with: "\"", options: .regularExpression)
            .replacingOccurrences(of: "[‘’]", with: "'", options: .regularExpression)
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
            .replacingOccurrences(of: " ([:.,])", with: "$1", options: .regularExpression)
    }
}
