import Foundation

/// The bearer token for `/admin/`, from a file (kept off the command line, where other users of the
/// machine could read it) or the environment. A token anyone on the machine can read, or one short
/// enough to guess, is refused at start-up with a message that says what to do.
public enum AdminToken {
    /// 32 bytes: what `openssl rand -hex 16` prints, 128 bits when made that way.
    public static let minimumLength = 32

    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    public static func load(file: String?, environment: [String: String]) throws(Refusal) -> String? {
        if let file { return try fromFile(file) }
        guard let token = environment["PIGMENT_ADMIN_TOKEN"] else { return nil }
        return try checked(token.trimmingCharacters(in: .whitespacesAndNewlines), from: "PIGMENT_ADMIN_TOKEN")
    }

    static func fromFile(_ path: String) throws(Refusal) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw Refusal(description: "cannot read the admin token file \(path): \(String(cString: strerror(errno)))")
        }
        let mode = Int(status.st_mode) & 0o777
        guard mode & 0o077 == 0 else {
            throw Refusal(description: "the admin token file \(path) can be read or changed by other users (mode \(String(mode, radix: 8)));"
                          + " run: chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Refusal(description: "cannot read the admin token file \(path) as UTF-8 text")
        }
        return try checked(text.trimmingCharacters(in: .whitespacesAndNewlines), from: path)
    }

    private static func checked(_ token: String, from origin: String) throws(Refusal) -> String {
        guard token.utf8.count >= minimumLength else {
            throw Refusal(description: "the admin token in \(origin) is \(token.utf8.count) bytes; it must be at least \(minimumLength)"
                          + " (make one with: openssl rand -hex 32)")
        }
        return token
    }
}
