import Foundation
import Testing
@testable import ConsentServer

/// The hand-written JSON reader: what a browser sends parses as JSONSerialization read it, and what is
/// not JSON is refused (the API answers `malformed_json` to all of it).
@Suite("JSON reader")
struct JSONValueTests {
    func parse(_ text: String) throws(JSONValue.SyntaxError) -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func theBannersBodyParses() throws {
        let value = try parse(#" {"choices": {"analytics": true, "ads": false}, "page": "/", "gpc": false, "n": null, "list": [1, -2.5e1, "x"]} "#)
        #expect(value == .object([
            "choices": .object(["analytics": .bool(true), "ads": .bool(false)]),
            "page": .string("/"), "gpc": .bool(false), "n": .null,
            "list": .array([.number(1), .number(-25), .string("x")]),
        ]))
    }

    @Test func escapesAndUnicodeAreDecoded() throws {
        #expect(try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\n\té😀"))
        #expect(try parse("\"café ✓\"") == .string("café ✓"))
        #expect(try parse(#""x\u0041y""#) == .string("xAy"))
    }

    @Test func repeatedKeysAreRefused() throws {
        #expect(throws: JSONValue.SyntaxError.self) { try parse(#"{"a": 1, "a": 2}"#) }
        #expect(throws: JSONValue.SyntaxError.self) { try parse(#"{"choices": {"analytics": true, "analytics": false}}"#) }
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, #"{a: 1}"#, "{'a': 1}", "tru", "nul", "True",
        "01", "1.", ".5", "-", "1e", "+1", "0x10", "NaN", "Infinity", #""abc"#, "\"a\u{01}b\"", #""\x""#, #""\u12""#,
        #""\ud83d""#, #""\ud83d\u0041""#, "[1] [2]", #"{"a": 1} x"#, "// c\n{}", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func notJSONIsRefused(text: String) {
        #expect(throws: JSONValue.SyntaxError.self, "\(text.prefix(40))") { try parse(text) }
    }

    @Test func aUTF8ByteOrderMarkIsSkippedAndNothingElseBeforeTheValue() throws {
        #expect(try JSONValue.parse([0xEF, 0xBB, 0xBF] + Array(#" {"a": true}"#.utf8)) == .object(["a": .bool(true)]))
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse([0xEF, 0xBB] + Array("{}".utf8)) }
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse([0] + Array("{}".utf8)) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test func numbersPrintAsJSONSerializationPrintedThem() throws {
        #expect(try parse("3").scalarText == "3")
        #expect(try parse("1.5").scalarText == "1.5")
        #expect(try parse("-0.25").scalarText == "-0.25")
        #expect(try parse(#""v2""#).scalarText == "v2")
        #expect(try parse("true").scalarText == nil)
    }

    /// Random documents JSONSerialization writes parse back to the same values.
    @Test func agreesWithJSONSerializationOnItsOwnOutput() throws {
        var generator = SystemRandomNumberGenerator()
        func random(_ depth: Int) -> Any {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
            case 0: return Bool.random(using: &generator)
            case 1: return Int.random(in: -1_000_000...1_000_000, using: &generator)
            case 2: return String((0..<Int.random(in: 0..<8, using: &generator)).map { _ in "aé\"\\/\n\u{1F}😀 z".randomElement(using: &generator)! })
            case 3: return NSNull()
            case 4: return (0..<Int.random(in: 0..<4, using: &generator)).map { _ in random(depth + 1) }
            default: return Dictionary((0..<Int.random(in: 0..<4, using: &generator)).map { ("k\($0)", random(depth + 1)) }, uniquingKeysWith: { a, _ in a })
            }
        }
        func expected(_ value: Any) -> JSONValue {
            switch value {
            case let bool as Bool: .bool(bool)
            case let int as Int: .number(Double(int))
            case let string as String: .string(string)
            case let array as [Any]: .array(array.map(expected))
            case let object as [String: Any]: .object(object.mapValues(expected))
            default: .null
            }
        }
        for _ in 0..<200 {
            let document = ["root": random(0)]
            let data = try JSONSerialization.data(withJSONObject: document)
            #expect(try JSONValue.parse(data) == expected(document), "\(String(decoding: data, as: UTF8.self))")
        }
    }
}
