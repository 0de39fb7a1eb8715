import Mustache

/// A value as the compiled templates (`CompiledTemplates`) see it: typed, so a lookup is a switch or
/// one dictionary read, never a cast from `Any`. Each case stands for what swift-mustache was given
/// before (`mustacheValue` is that value, for templates it renders itself), and renders and tests
/// the same way it did there.
enum TemplateData: Sendable {
    case text(String)
    case bool(Bool)
    case int(Int)
    case double(Double)
    case list([TemplateData])
    /// Data files and front-matter `params`: free-form mappings.
    case dictionary([String: TemplateData])
    /// Pages, dates, site values: answered field by field, as they are asked for.
    case object(any TemplateObject)
    /// YAML's `~`. swift-mustache was given `Optional<String>.none`: found (the context stack search
    /// stops there), rendered as `nil`, and a section over it renders its body.
    case null

    /// The same value for swift-mustache: what the build handed it before the compiled renderer.
    var mustacheValue: Any {
        switch self {
        case .text(let text): return text
        case .bool(let bool): return bool
        case .int(let int): return int
        case .double(let double): return double
        case .list(let values): return values.map(\.mustacheValue)
        case .dictionary(let values): return values.mapValues(\.mustacheValue)
        case .object(let object): return MustacheObjectAdapter(object: object)
        case .null: return Optional<String>.none as Any
        }
    }

    /// A named child: only mappings and objects have them (swift-mustache's `Mirror` finds no
    /// labelled children in strings, numbers, arrays or nil).
    @inline(__always)
    func child(_ key: String) -> TemplateData? {
        switch self {
        case .dictionary(let values): return values[key]
        case .object(let object): return object.value(for: key)
        default: return nil
        }
    }

    /// `{{value}}` before escaping, as swift-mustache's `String(describing:)` writes it.
    var renderedText: String {
        switch self {
        case .text(let text): return text
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .double(let double): return String(describing: double)
        case .null: return "nil"
        case .list, .dictionary, .object: return String(describing: mustacheValue)
        }
    }
}

/// A typed value with named fields (`page`, `site`, a date): `value(for:)` switches on the name.
/// nil means "no such field", so the context stack search goes on to the next object out.
protocol TemplateObject: Sendable {
    func value(for key: String) -> TemplateData?
}

/// A `TemplateObject` handed to swift-mustache (for a template the compiler leaves to it, and for the equivalence tests).
struct MustacheObjectAdapter: MustacheParent {
    let object: any TemplateObject

    func child(named name: String) -> Any? { object.value(for: name)?.mustacheValue }
}
