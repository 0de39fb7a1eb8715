import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// The machine formats escape what their readers would misread.
@Suite("Diagnostics formats")
struct DiagnosticsTests {
    @Test func workflowCommandsEscapePercentNewlinesAndPropertySeparators() {
        let diagnostic = Diagnostic.error("100% wrong:\nsee, here", at: SourceLocation(file: "Content/a,b:c.md", line: 3, column: 7))
        #expect(GitHubWorkflowCommands.lines([diagnostic])
                == "::error file=Content/a%2Cb%3Ac.md,line=3,col=7,title=pigment error::100%25 wrong:%0Asee, here\n")
    }

    @Test func aHintTravelsInEveryFormat() {
        let diagnostic = Diagnostic(.warning, "no date", at: SourceLocation(file: "Content/p.md", line: 1, column: 1), hint: "add 'updated: 2026-05-04'")
        #expect(GitHubWorkflowCommands.lines([diagnostic]).contains("no date%0Ahint: add 'updated: 2026-05-04'"))
        let json = JSONDiagnostics.lines([diagnostic], summary: DiagnosticsSummary(succeeded: true, diagnostics: [diagnostic], pages: 1, files: 1, seconds: 0))
        #expect(json.hasPrefix(#"{"column":1,"file":"Content/p.md","hint":"add 'updated: 2026-05-04'","line":1,"message":"no date","severity":"warning"}"#))
        #expect(DiagnosticFormatter(root: URL(fileURLWithPath: "/nonexistent-root")).format(diagnostic).hasSuffix("\nhint: add 'updated: 2026-05-04'"))
    }

    @Test func theCheckoutPrefixIsTheSiteRootsPlaceInIt() {
        #expect(GitHubWorkflowCommands.pathPrefix(root: URL(fileURLWithPath: "/w/repo/site"), workspace: "/w/repo") == "site/")
        #expect(GitHubWorkflowCommands.pathPrefix(root: URL(fileURLWithPath: "/w/repo"), workspace: "/w/repo") == "")
        #expect(GitHubWorkflowCommands.pathPrefix(root: URL(fileURLWithPath: "/elsewhere"), workspace: "/w/repo") == "")
        #expect(GitHubWorkflowCommands.pathPrefix(root: URL(fileURLWithPath: "/w/repository"), workspace: "/w/repo") == "")
    }

    @Test func githubIsChosenInsideActionsUnlessAFormatIsNamed() {
        #expect(DiagnosticsFormat.resolved(nil, environment: ["GITHUB_ACTIONS": "true"]) == .github)
        #expect(DiagnosticsFormat.resolved(nil, environment: [:]) == .text)
        #expect(DiagnosticsFormat.resolved(.json, environment: ["GITHUB_ACTIONS": "true"]) == .json)
    }
}
