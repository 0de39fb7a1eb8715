import Crypto

/// Each entry of the consent log carries the SHA-256 of its predecessor's hash and its own stored
/// values, so editing, removing, inserting or reordering an entry breaks the chain from there on.
///
/// The hashed bytes, which an auditor can recompute with any SHA-256 tool: the line
/// `pigment-consent-log/1`, a newline, the previous entry's hash in 64 lowercase hex digits, a
/// newline, then each column of `LogRow.hashedColumns` in that order as `n;` (null), `i<decimal>;`
/// (integer), `r<decimal>;` (real), `t<length>:<UTF-8 bytes>;` (text) or `b<length>:<bytes>;` (blob),
/// lengths in bytes.
///
/// The first eleven columns (`consent_id` … `checkpoint`) are always hashed. Columns added by later
/// migrations (the twelfth, `client_revision`, onwards) are left out while they are NULL at the end of
/// the row: trailing NULL columns after the first eleven are omitted from the hashed bytes. So every
/// entry written before a column existed keeps its hash, and an entry is hashed as its columns were
/// when it was written. Today that means: `client_revision` is hashed only when it holds a value.
public enum ChainHash {
    /// The columns every entry has hashed since the chain began; later ones count only when not NULL.
    public static let originalColumnCount = 11

    /// What the first entry of a log follows.
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(previous: String, values: [StoredValue]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(canonicalBytes(previous: previous, values: values)))
        return hex(hasher.finalize())
    }

    static func canonicalBytes(previous: String, values: [StoredValue]) -> [UInt8] {
        var bytes = Array("pigment-consent-log/1\n".utf8)
        bytes += previous.utf8
        bytes.append(0x0A)
        var hashed = values[...]
        while hashed.count > originalColumnCount, hashed.last == .null { hashed.removeLast() }
        for value in hashed {
            switch value {
            case .null: bytes += "n;".utf8
            case .integer(let number): bytes += "i\(number);".utf8
            case .real(let number): bytes += "r\(number);".utf8
            case .text(let text): bytes += "t\(text.utf8.count):".utf8; bytes += text.utf8; bytes.append(UInt8(ascii: ";"))
            case .blob(let blob): bytes += "b\(blob.count):".utf8; bytes += blob; bytes.append(UInt8(ascii: ";"))
            }
        }
        return bytes
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public static func isWellFormed(_ hash: String) -> Bool {
        hash.utf8.count == 64 && hash.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
