import ArgumentParser
import Foundation
import SiteBuilder

/// Options every command that builds the site shares.
struct SiteOptions: ParsableArguments {
    @Option(help: "The site root, holding Content/, Templates/ and public/.")
    var root: String = "."

    @Flag(help: "Include pages marked 'draft: true'.")
    var drafts = false

    @Flag(help: "Include pages dated in the future.")
    var future = false

    @Option(name: .customLong("base-url"), help: "Absolute URL the site is published at (overrides baseURL in Content/site.yml).")
    var baseURL: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(help: "Print how long each build stage took.")
    var timings = false

    @Option(help: "How problems are printed: text (for people), json (one object per line, then a summary), github (workflow commands: annotations on the changed lines). Default: github when GITHUB_ACTIONS=true, else text.")
    var diagnostics: DiagnosticsFormat?

    var diagnosticsFormat: DiagnosticsFormat { DiagnosticsFormat.resolved(diagnostics) }

    var rootURL: URL { URL(fileURLWithPath: root).standardizedFileURL }

    /// A root that is not a site is a usage error (64) named as such, not a list of what it lacks.
    func validate() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rootURL.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--root \(root): no such folder")
        }
        let content = rootURL.appendingPathComponent("Content")
        guard FileManager.default.fileExists(atPath: content.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("\(root == "." ? "this folder" : root) is not a Pigment site: it has no Content/ folder (pass --root, or start one with `pigment new`)")
        }
    }

    func buildOptions(output: URL?) -> BuildOptions {
        BuildOptions(root: rootURL, output: output, includeDrafts: drafts, includeFuture: future,
                     baseURL: baseURL, warningsAreErrors: strict)
    }

    /// The path a user passed, made absolute against the current directory (not the root), as shells expect.
    func outputURL(_ output: String?) -> URL {
        guard let output else { return rootURL.appendingPathComponent("_site") }
        return URL(fileURLWithPath: output).standardizedFileURL
    }
}

extension DiagnosticsFormat: ExpressibleByArgument {}
