import ArgumentParser
import ConsentServer
import Foundation
import PigmentModel
import SiteBuilder

/// Start-up steps shared by `consent-server` and `serve`: both fail with a clear message, not a crash.
enum ConsentStartup {
    static func registry(siteRoot: URL) throws -> ConsentRegistry {
        do {
            return try ConsentRegistry.load(siteRoot: siteRoot.standardizedFileURL)
        } catch {
            for diagnostic in error.diagnostics { FileHandle.standardError.write(Data("\(diagnostic)\n".utf8)) }
            throw ExitCode(1)
        }
    }

    /// The store `--database` names: `sqlite:PATH`, the only kind there is.
    static func store(_ database: String, waitForWritable: Bool = false) throws -> any ConsentStore {
        let path = try sqlitePath(database)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Going over a file-size limit (RLIMIT_FSIZE) kills a process by default; a full log is answered 503 instead.
        signal(SIGXFSZ, SIG_IGN)
        if let warning = SQLiteConsentStore.permissionWarning(path: path) { FileHandle.standardError.write(Data("\(warning)\n".utf8)) }
        do {
            return GroupCommitStore(try SQLiteConsentStore(path: path, waitForWritable: waitForWritable))
        } catch {
            FileHandle.standardError.write(Data("error: cannot open the consent log \(path): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func sqlitePath(_ database: String) throws -> String {
        guard database.hasPrefix("sqlite:"), database.count > "sqlite:".count else {
            FileHandle.standardError.write(Data("error: --database must be sqlite:PATH (PostgreSQL is not supported yet)\n".utf8))
            throw ExitCode(64)
        }
        return String(database.dropFirst("sqlite:".count))
    }
}
