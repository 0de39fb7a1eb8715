import Foundation

/// `{{#empty(site.navigation)}}`: the transforms of swift-mustache's Transform.swift that the
/// compiled renderer applies itself, each giving what swift-mustache gives for the same value
/// (`TemplateData.mustacheValue`). A template naming any other transform (`sorted`, `enumerated`,
/// `reversed`, or one on the sequence position such as `{{#first()}}`) is not compiled: swift-mustache renders it.
enum TemplateTransform: String, Sendable {
    case empty, count, first, last
    case capitalized, lowercased, uppercased
    case equalzero, plusone, minusone, even, odd

    /// nil where swift-mustache's transform fails (the value then counts as missing).
    func apply(to value: TemplateData) -> TemplateData? {
        switch value {
        case .text(let text):
            switch self {
            case .empty: return .bool(text.isEmpty)
            case .capitalized: return .text(text.capitalized)
            case .lowercased: return .text(text.lowercased())
            case .uppercased: return .text(text.uppercased())
            default: return nil
            }
        case .list(let values):
            switch self {
            case .empty: return .bool(values.isEmpty)
            case .count: return .int(values.count)
            case .first: return values.first
            case .last: return values.last
            default: return nil
            }
        case .dictionary(let values):
            switch self {
            case .empty: return .bool(values.isEmpty)
            case .count: return .int(values.count)
            default: return nil
            }
        case .int(let int):
            switch self {
            case .equalzero: return .bool(int == 0)
            case .plusone: return .int(int + 1)
            case .minusone: return .int(int - 1)
            case .even: return .bool(int & 1 == 0)
            case .odd: return .bool(int & 1 == 1)
            default: return nil
            }
        // Bools, doubles, nil and typed objects have no transforms in swift-mustache.
        case .bool, .double, .object, .null:
            return nil
        }
    }
}
