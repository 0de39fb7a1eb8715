import Foundation

/// Runs the `pigment` executable that `swift build` put beside the test bundle.
struct PigmentProcess {
    static let executable: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // The test bundle may be a folder (…/pigmentPackageTests.xctest/…) or a file beside the products.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("pigment")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/pigment")
    }()

    /// The repository, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `run` on a thread of its own, for async tests whose servers run in this process: waiting for
    /// the child on a cooperative thread could starve the server the child is talking to.
    static func runOffThePool(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try run(arguments, environment: environment) })
            }
        }
    }

    /// Runs to completion and collects everything it printed; `environment` is added to this process's.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                    executable: URL = Self.executable) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a chatty process cannot fill the pipe and block.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A throwaway site root for CLI tests.
struct ScratchSite {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("pigment-cli-\(UUID().uuidString)")

    init(_ files: [String: String]) throws {
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) }

    func remove() { try? FileManager.default.removeItem(at: root) }

    static let minimal: [String: String] = [
        "Content/site.yml": "title: CLI\nbaseURL: https://example.org/\n",
        "Templates/base.mustache": "<!DOCTYPE html><html><body>{{$main}}{{/main}}</body></html>",
        "Templates/page.mustache": "{{<base}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{/main}}{{/base}}",
        "Templates/404.mustache": "{{<base}}{{$main}}<p>Not here.</p>{{/main}}{{/base}}",
        "Content/index.md": "---\ntitle: Home\n---\nSee the [policy](legal/privacy.md).\n",
        "Content/legal/privacy.md": "---\ntitle: Privacy\n---\n## Cookies\n\nWe use few.\n",
    ]
}
