/// A narrow door for the fuzz targets (`Sources/FuzzTargets`) into the hand-written JSON reader.
/// `package`, not `public`: it is for this repository's fuzzing and its regression test only.
package enum JSONFuzzEntryPoint {
    /// The document as the API would write it back (`JSONText`, keys sorted), or nil when the reader refuses it.
    /// Reading that text again must give the same text: a fixed point the fuzzer checks.
    package static func canonicalText(of bytes: UnsafeRawBufferPointer) -> String? {
        guard let value = try? JSONValue.parse(bytes) else { return nil }
        return JSONText.encode(value)
    }
}
