import Foundation
import PigmentModel
import Yams

/// `Content/data/subprocessors.yml`: the providers that process personal data for us. The privacy
/// policy's third-party list and the sub-processors page are both generated from it.
public struct Subprocessor: Sendable, Hashable {
    public var name: String
    public var purpose: String
    /// What personal data they receive.
    public var data: String
    public var location: String
    /// Their privacy policy or data processing terms.
    public var url: String

    static func readList(_ mapping: Node.Mapping, displayPath: String, sourceText: String? = nil) -> ([Subprocessor]?, [Diagnostic]) {
        var reader = FieldReader(mapping, displayPath: displayPath, lineOffset: 0, sourceText: sourceText)
        var diagnostics: [Diagnostic] = []
        var list: [Subprocessor] = []
        for item in reader.list("subprocessors", required: true) {
            guard let fields = item.mapping else {
                reader.error("each sub-processor must be a mapping with name, purpose, data, location and url", at: item)
                continue
            }
            var entry = FieldReader(fields, displayPath: displayPath, lineOffset: 0, sourceText: sourceText)
            let values = ["name", "purpose", "data", "location", "url"].map { entry.requiredString($0, in: item) }
            if let url = values[4], let node = fields["url"], !(url.hasPrefix("https://") && URL(string: url)?.host != nil) {
                entry.error("url must be an https:// address", at: node)
            }
            diagnostics += entry.unknownKeysAsWarnings() + entry.diagnostics
            if values.allSatisfy({ $0 != nil }) {
                list.append(Subprocessor(name: values[0]!, purpose: values[1]!, data: values[2]!, location: values[3]!, url: values[4]!))
            }
        }
        diagnostics += reader.unknownKeysAsWarnings() + reader.diagnostics
        return (diagnostics.hasErrors ? nil : list, diagnostics)
    }

    var templateValue: TemplateData {
        .dictionary(["name": .text(name), "purpose": .text(purpose), "data": .text(data), "location": .text(location), "url": .text(url)])
    }
}
