import HTTPTypes
import Hummingbird

/// One cookie's value read straight from the request's `Cookie` fields, as Hummingbird's
/// `request.cookies[name]` reads it (the first `name=` pair, the value up to `;`, nothing decoded),
/// without splitting every pair into an array and copying each into a `Cookie` first: the event
/// route reads two cookies per request, so `request.cookies` split the header twice. (Not yet
/// profiled in a release build: the machine's builds did not finish in time on 2026-12-01.)
enum RequestCookie {
    static func value(_ name: String, in request: Request) -> Substring? {
        for field in request.headers where field.name == .cookie {
            if let value = value(name, inHeader: field.value) { return value }
        }
        return nil
    }

    static func value(_ name: String, inHeader header: String) -> Substring? {
        var rest = Substring(header)
        while !rest.isEmpty {
            let pairEnd = rest.utf8.firstIndex(of: UInt8(ascii: ";")) ?? rest.endIndex
            var pair = rest[..<pairEnd]
            rest = pairEnd == rest.endIndex ? rest[rest.endIndex...] : rest[rest.utf8.index(after: pairEnd)...]
            pair = pair.drop { $0 == " " || $0 == "\t" }
            guard let equals = pair.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            if pair[..<equals].utf8.elementsEqual(name.utf8) { return pair[pair.utf8.index(after: equals)...] }
        }
        return nil
    }
}
