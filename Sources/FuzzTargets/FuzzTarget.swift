import Foundation

/// The inputs the fuzzers drive, by the name `make fuzz` and the seed folders use (`Fuzzing/seeds/<name>/`).
/// Each runs one input through the code a request or a page takes; a crash, hang or thrown
/// `FuzzFailure` (a broken promise the code makes about its result) is a finding.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case consentJSON = "consent-json"
    case consentPayload = "consent-payload"
    case consentForm = "consent-form"
    case frontMatter = "front-matter"
    case shortcodes = "shortcodes"
    case pageEvent = "page-event"

    public func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        switch self {
        case .consentJSON: try ConsentJSONTarget.run(bytes)
        case .consentPayload: try ConsentPayloadTarget.run(bytes)
        case .consentForm: try ConsentFormTarget.run(bytes)
        case .frontMatter: try FrontMatterTarget.run(bytes)
        case .shortcodes: ShortcodeTarget.run(bytes)
        case .pageEvent: try PageEventTarget.run(bytes)
        }
    }

    public func run(_ data: Data) throws(FuzzFailure) {
        // Caught inside the closure: a typed-throws closure here crashes the 6.3.1 compiler.
        var failure: FuzzFailure?
        data.withUnsafeBytes { bytes in
            do throws(FuzzFailure) { try run(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}

/// A result that breaks a promise of the code under test (not a refused input: refusing is fine).
public struct FuzzFailure: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
