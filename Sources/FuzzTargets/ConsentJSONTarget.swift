import ConsentServer

/// The consent API's hand-written JSON reader. Whatever it accepts, written back as the API writes
/// JSON, must read again as the same document (a fixed point: nothing lost or changed on the way).
enum ConsentJSONTarget {
    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        guard let canonical = JSONFuzzEntryPoint.canonicalText(of: bytes) else { return }
        let again = Array(canonical.utf8).withUnsafeBytes { JSONFuzzEntryPoint.canonicalText(of: $0) }
        guard again == canonical else {
            throw FuzzFailure("JSON written back does not read the same: \(canonical) became \(again ?? "a syntax error")")
        }
    }
}
