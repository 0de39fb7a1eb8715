import PigmentModel
import Yams

/// A free-form front-matter or site value handed to templates as is (`{{page.params.hero}}`).
/// Kept as a Sendable enum so pages can be built on several threads.
public indirect enum TemplateValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([TemplateValue])
    case map([String: TemplateValue])
    case null

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { self = .string(scalar.string); return }
            if let bool = node.bool { self = .bool(bool) }
            else if let int = node.wholeNumber { self = .int(int) }
            else if let double = node.float { self = .double(double) }
            else if node.null != nil { self = .null }
            else { self = .string(scalar.string) }
        case .sequence(let sequence):
            self = .list(sequence.map(TemplateValue.init))
        case .mapping(let mapping):
            var values: [String: TemplateValue] = [:]
            for (key, value) in mapping { values[key.string ?? "\(key)"] = TemplateValue(value) }
            self = .map(values)
        case .alias:
            self = .null
        }
    }

    /// The value as templates see it (`TemplateData`; YAML's `~` stays `null`, as it was for swift-mustache).
    var templateData: TemplateData {
        switch self {
        case .string(let value): return .text(value)
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .bool(let value): return .bool(value)
        case .list(let values): return .list(values.map(\.templateData))
        case .map(let values): return .dictionary(values.mapValues(\.templateData))
        case .null: return .null
        }
    }
}
