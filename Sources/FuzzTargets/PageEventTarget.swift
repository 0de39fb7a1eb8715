import ConsentServer
import Foundation

/// `POST /api/events` bodies through `PageEventParser`. Refusing is fine; what it promises:
/// a body over `maximumBodySize` is 413 and nothing else is; every refusal is a 4xx with a code;
/// an accepted event's path is a site path without query or fragment, its referrer a bare host,
/// its name `[a-z0-9_]{1,64}` (an event's only), and its body held no field but the known ones.
enum PageEventTarget {
    static let knownFields: Set<String> = ["type", "name", "path", "referrer", "device", "language"]

    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        let fields: PageEventParser.Fields
        do throws(SubmissionError) {
            fields = try PageEventParser.parse(bytes)
        } catch {
            try checkRefusal(error, size: bytes.count)
            return
        }
        guard bytes.count <= PageEventParser.maximumBodySize else {
            throw FuzzFailure("a body of \(bytes.count) bytes was accepted (limit \(PageEventParser.maximumBodySize))")
        }
        try SubmissionPromises.checkSameSite(fields.path)
        guard !fields.path.contains("?"), !fields.path.contains("#") else { throw FuzzFailure("path '\(fields.path)' keeps a query or fragment") }
        if let host = fields.referrerHost, host.isEmpty || !host.utf8.allSatisfy(isHostByte) {
            throw FuzzFailure("referrer '\(host.debugDescription)' is not a bare host")
        }
        switch fields.kind {
        case .event:
            guard let name = fields.name, (1...64).contains(name.utf8.count), name.utf8.allSatisfy(isNameByte) else {
                throw FuzzFailure("event name '\(fields.name?.debugDescription ?? "nil")' is not [a-z0-9_]{1,64}")
            }
        case .pageview:
            guard fields.name == nil else { throw FuzzFailure("a pageview kept a name") }
        }
        // The accepted body is strict JSON, so Foundation reads it too: its keys must all be known.
        let text = Data(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeRawBufferPointer(rebasing: bytes[3...]) : bytes)
        guard let object = try? JSONSerialization.jsonObject(with: text) as? [String: Any] else {
            throw FuzzFailure("an accepted body is not a JSON object to JSONSerialization")
        }
        if let unknown = object.keys.first(where: { !knownFields.contains($0) }) { throw FuzzFailure("unknown field '\(unknown)' accepted") }
    }

    private static func checkRefusal(_ error: SubmissionError, size: Int) throws(FuzzFailure) {
        let tooLarge = size > PageEventParser.maximumBodySize
        guard (error.status == 413) == tooLarge else {
            throw FuzzFailure("a body of \(size) bytes got \(error.status) \(error.code)")
        }
        guard (400..<500).contains(error.status), !error.code.isEmpty else { throw FuzzFailure("refused with \(error.status) '\(error.code)'") }
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }
}
