/// The API's one JSON writer, for every answer and the log's JSON columns: any `Encodable` value,
/// compact, object keys sorted by their UTF-8 bytes, slashes left alone: the bytes Foundation's
/// `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]` (a test compares them).
///
/// Written by hand because it pays. Measured in a release build (`swiftc -O -wmo` over this file and the
/// record's, thread CPU time, median of 9 interleaved rounds of 20,000 calls, 2 cores shared with other
/// work, 2026-11-30): a 201 writes a record (5.5 µs here, 13.1 µs with a shared `JSONEncoder`) and its
/// choices column (1.8 µs, 4.3 µs), so Foundation would add about 10 µs to the 175–230 µs of server CPU
/// a request costs, some 5% of a CPU-bound server's throughput. The field-by-field writer this replaced
/// took 3.1 µs and 0.8 µs, but it was a second description of the record's shape.
enum JSONText {
    static func encode(_ value: some Encodable) -> String {
        let encoder = TreeEncoder()
        do {
            try value.encode(to: encoder)
        } catch {
            // The encoder itself never throws, and the answers' `encode(to:)` only pass on what it throws.
            fatalError("unreachable: JSONText's encoder does not throw (\(error))")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        write(encoder.value ?? .object(ObjectBox()), into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Keys in the order of their UTF-8 bytes: a total order whatever the keys' Unicode normalization.
    /// `String`'s own `<` is not one across NFC and NFD text (fuzzing found `"café]"` and a decomposed
    /// `"café"` sorted one way or the other by the order they came in), so answers could differ run to run.
    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Bytes, not `String` appends: appending to a `String` was most of the cost of writing an answer (perf).
    fileprivate static func write(_ value: EncodedValue, into bytes: inout [UInt8]) {
        switch value {
        case .literal(let literal):
            bytes += literal.utf8
        case .string(let string):
            writeString(string, into: &bytes)
        case .object(let box):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in box.members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                write(member.value, into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case .array(let box):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in box.elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .nested(let encoder):
            write(encoder.value ?? .object(ObjectBox()), into: &bytes)
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else as it is.
    static func writeString(_ string: String, into bytes: inout [UInt8]) {
        var string = string
        string.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            // Most strings (ids, versions, paths, keys) need no escaping: appended whole.
            guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                bytes.append(contentsOf: utf8)
                bytes.append(UInt8(ascii: "\""))
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// As `JSONEncoder` prints a number: its shortest text, a whole number without `.0`. JSON has no
    /// NaN or infinity, and none of the API's numbers can be one (they are counts and rates of counts).
    static func number(_ value: some BinaryFloatingPoint & CustomStringConvertible) -> String {
        guard value.isFinite else { return "null" }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

/// What was encoded, kept until the whole value is known, since keys are sorted only when written.
private enum EncodedValue {
    /// A number, `true`, `false` or `null`, written as it is.
    case literal(String)
    case string(String)
    case object(ObjectBox)
    case array(ArrayBox)
    /// A value handed to a nested encoder, read when written.
    case nested(TreeEncoder)
}

private final class ObjectBox {
    var members: [(key: String, value: EncodedValue)] = []

    /// Kept in key order as members arrive (usually at the end: types encode their keys in order), so
    /// writing needs no sort; a key encoded twice keeps its last value, as `JSONEncoder` does.
    func set(_ key: String, _ value: EncodedValue) {
        var index = members.count
        while index > 0, JSONText.precedes(key, members[index - 1].key) { index -= 1 }
        if index > 0, members[index - 1].key == key { members[index - 1].value = value; return }
        if index == members.count { members.append((key, value)) } else { members.insert((key, value), at: index) }
    }
}

private final class ArrayBox {
    var elements: [EncodedValue] = []
}

private final class TreeEncoder: Encoder {
    /// Where this value sits, kept as a link to its parent: only an error would ask for the path.
    private let parent: TreeEncoder?
    private let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var value: EncodedValue?

    init(parent: TreeEncoder? = nil, key: (any CodingKey)? = nil) { self.parent = parent; self.key = key }

    var codingPath: [any CodingKey] { (parent?.codingPath ?? []) + (key.map { [$0] } ?? []) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // Asked twice (a receipt adds its history to the record's own keys), the same object grows.
        if case .object(let box)? = value { return KeyedEncodingContainer(KeyedWriter(box: box, encoder: self)) }
        let box = ObjectBox()
        value = .object(box)
        return KeyedEncodingContainer(KeyedWriter(box: box, encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let box)? = value { return UnkeyedWriter(box: box, encoder: self) }
        let box = ArrayBox()
        value = .array(box)
        return UnkeyedWriter(box: box, encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueWriter(encoder: self) }

    /// Scalars become values at once; anything else is encoded by a nested encoder.
    func value(of encodable: some Encodable, at key: (any CodingKey)?) throws -> EncodedValue {
        if let scalar = encodable as? any WrittenDirectly { return scalar.encodedValue }
        let nested = TreeEncoder(parent: self, key: key)
        try encodable.encode(to: nested)
        return nested.value ?? .object(ObjectBox())
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ObjectBox
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) { box.set(key.stringValue, .literal("null")) }
    mutating func encode(_ value: Bool, forKey key: Key) { box.set(key.stringValue, .literal(value ? "true" : "false")) }
    mutating func encode(_ value: String, forKey key: Key) { box.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) { box.set(key.stringValue, .literal(JSONText.number(value))) }
    mutating func encode(_ value: Int, forKey key: Key) { box.set(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) { box.set(key.stringValue, .literal(String(value))) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        box.set(key.stringValue, try encoder.value(of: value, at: key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = TreeEncoder(parent: encoder, key: key)
        box.set(key.stringValue, .nested(nested))
        return nested.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = TreeEncoder(parent: encoder, key: key)
        box.set(key.stringValue, .nested(nested))
        return nested.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let nested = TreeEncoder(parent: encoder, key: key)
        box.set(key.stringValue, .nested(nested))
        return nested
    }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let box: ArrayBox
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { box.elements.count }

    private struct Index: CodingKey {
        var stringValue: String { String(intValue!) }
        var intValue: Int?
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    mutating func encodeNil() { box.elements.append(.literal("null")) }
    mutating func encode(_ value: some Encodable) throws {
        box.elements.append(try encoder.value(of: value, at: Index(count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = TreeEncoder(parent: encoder, key: Index(count))
        box.elements.append(.nested(nested))
        return nested.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = TreeEncoder(parent: encoder, key: Index(count))
        box.elements.append(.nested(nested))
        return nested.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let nested = TreeEncoder(parent: encoder, key: Index(count))
        box.elements.append(.nested(nested))
        return nested
    }
}

private struct SingleValueWriter: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() { encoder.value = .literal("null") }
    mutating func encode(_ value: Bool) { encoder.value = .literal(value ? "true" : "false") }
    mutating func encode(_ value: String) { encoder.value = .string(value) }
    mutating func encode(_ value: Double) { encoder.value = .literal(JSONText.number(value)) }
    mutating func encode(_ value: Int) { encoder.value = .literal(String(value)) }
    mutating func encode(_ value: some Encodable) throws {
        if let scalar = value as? any WrittenDirectly { encoder.value = scalar.encodedValue; return }
        try value.encode(to: encoder)
    }
}

/// Values written without a nested encoder: the answers' leaves, and a record's choices. Every
/// standard scalar type is one, since each encodes itself through a single-value container, which
/// would otherwise hand it back to a nested encoder without end.
private protocol WrittenDirectly { var encodedValue: EncodedValue { get } }
extension String: WrittenDirectly { fileprivate var encodedValue: EncodedValue { .string(self) } }
extension Bool: WrittenDirectly { fileprivate var encodedValue: EncodedValue { .literal(self ? "true" : "false") } }
extension Double: WrittenDirectly { fileprivate var encodedValue: EncodedValue { .literal(JSONText.number(self)) } }
extension Float: WrittenDirectly { fileprivate var encodedValue: EncodedValue { .literal(JSONText.number(self)) } }

/// Integers of every width print as their decimal digits.
private protocol IntegerWrittenDirectly: WrittenDirectly, BinaryInteger {}
extension IntegerWrittenDirectly { fileprivate var encodedValue: EncodedValue { .literal(String(self)) } }
extension Int: IntegerWrittenDirectly {}
extension Int8: IntegerWrittenDirectly {}
extension Int16: IntegerWrittenDirectly {}
extension Int32: IntegerWrittenDirectly {}
extension Int64: IntegerWrittenDirectly {}
extension UInt: IntegerWrittenDirectly {}
extension UInt8: IntegerWrittenDirectly {}
extension UInt16: IntegerWrittenDirectly {}
extension UInt32: IntegerWrittenDirectly {}
extension UInt64: IntegerWrittenDirectly {}

/// Category → granted, which every record carries: one object, instead of a nested encoder and a cast per flag.
extension Dictionary: WrittenDirectly where Key == String, Value == Bool {
    fileprivate var encodedValue: EncodedValue {
        let box = ObjectBox()
        for (key, flag) in self { box.set(key, flag.encodedValue) }
        return .object(box)
    }
}
