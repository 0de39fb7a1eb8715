import ConsentServer
import Foundation
import PigmentModel
import SiteBuilder

/// What an accepted consent submission always holds, whatever shape it came in.
enum SubmissionPromises {
    /// The repository's own registry (`Content/data/consent.yml`), as the server loads it.
    static let parser: ConsentSubmissionParser = {
        do {
            return ConsentSubmissionParser(registry: try ConsentRegistry.load(siteRoot: Repository.root))
        } catch {
            fatalError("the fuzz targets need the repository's Content/data/consent.yml: \(error)")
        }
    }()

    static func check(_ submission: ConsentSubmission) throws(FuzzFailure) {
        let registry = parser.registry
        guard Set(submission.choices.keys) == Set(registry.categories.map(\.id)) else {
            throw FuzzFailure("choices \(submission.choices) do not name every registry category exactly")
        }
        for category in registry.categories where category.required && submission.choices[category.id] != true {
            throw FuzzFailure("required category '\(category.id)' was refused: \(submission.choices)")
        }
        if let id = submission.consentID, id.utf8.count != 32 || !id.utf8.allSatisfy(isLowercaseHexDigit) {
            throw FuzzFailure("consent id '\(id)' is not 32 lowercase hex digits")
        }
        if let path = submission.pagePath { try checkSameSite(path) }
    }

    /// A path on this site only: the form redirects to it.
    static func checkSameSite(_ path: String) throws(FuzzFailure) {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"),
              !path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw FuzzFailure("path '\(path.debugDescription)' is not a same-site path")
        }
    }

    private static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
