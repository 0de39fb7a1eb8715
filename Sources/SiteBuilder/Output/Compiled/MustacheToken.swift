import Mustache

/// swift-mustache's parsed template, read back as tokens. `MustacheTemplate.tokens` and its `Token`
/// enum are internal to swift-mustache (Template.swift, v2.1.1), so they are read once per template,
/// at load, through `Mirror`: templates keep swift-mustache's syntax, its parser and every parse
/// error it reports, and only rendering is ours. Any shape this reader does not expect throws
/// `ShapeError`, and the template is then left to swift-mustache to render
/// (`MustacheTokenShapeTests` fails when a new swift-mustache changes the shape).
enum MustacheToken {
    case text(String)
    case variable(name: String, transforms: [String], escaped: Bool)
    case section(name: String, transforms: [String], template: MustacheTemplate, inverted: Bool)
    case blockDefinition(name: String, template: MustacheTemplate)
    case blockExpansion(name: String, default: MustacheTemplate, indentation: String?)
    case partial(name: String, indentation: String?, overrides: [String: MustacheTemplate]?)
    case dynamicNamePartial(name: String)
    case contentType(any MustacheContentType)

    struct ShapeError: Error, CustomStringConvertible {
        var description: String
    }

    static func tokens(of template: MustacheTemplate) throws -> [MustacheToken] {
        guard let tokens = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value as? [Any] else {
            throw ShapeError(description: "MustacheTemplate has no `tokens` array")
        }
        return try tokens.map(token)
    }

    private static func token(_ token: Any) throws -> MustacheToken {
        guard let (caseName, payload) = Mirror(reflecting: token).children.first.map({ ($0.label, $0.value) }), let caseName else {
            throw ShapeError(description: "a token without associated values: \(token)")
        }
        let fields = Fields(payload)
        switch caseName {
        case "text":
            return .text(try cast(payload, "text"))
        case "variable", "unescapedVariable":
            return .variable(name: try fields.value("name", at: 0), transforms: try fields.value("transforms", at: 1),
                             escaped: caseName == "variable")
        case "section", "invertedSection":
            return .section(name: try fields.value("name", at: 0), transforms: try fields.value("transforms", at: 1),
                            template: try fields.value("template", at: 2), inverted: caseName == "invertedSection")
        case "blockDefinition":
            return .blockDefinition(name: try fields.value("name", at: 0), template: try fields.value("template", at: 1))
        case "blockExpansion":
            return .blockExpansion(name: try fields.value("name", at: 0), default: try fields.value("default", at: 1),
                                   indentation: try fields.value("indentation", at: 2))
        case "partial":
            return .partial(name: try fields.value(nil, at: 0), indentation: try fields.value("indentation", at: 1),
                            overrides: try fields.value("inherits", at: 2))
        case "dynamicNamePartial":
            return .dynamicNamePartial(name: try fields.value(nil, at: 0))
        case "contentType":
            return .contentType(try cast(payload, "contentType"))
        default:
            throw ShapeError(description: "unknown token case '\(caseName)'")
        }
    }

    /// A case's associated values (a tuple), checked by position and label.
    private struct Fields {
        let children: [Mirror.Child]

        init(_ payload: Any) { children = Array(Mirror(reflecting: payload).children) }

        func value<T>(_ label: String?, at index: Int) throws -> T {
            guard index < children.count else { throw ShapeError(description: "no field \(index) (\(label ?? "unlabelled"))") }
            let child = children[index]
            if let label, child.label != label {
                throw ShapeError(description: "field \(index) is '\(child.label ?? "")', expected '\(label)'")
            }
            return try cast(child.value, label ?? "field \(index)")
        }
    }

    private static func cast<T>(_ value: Any, _ what: String) throws -> T {
        guard let typed = value as? T else { throw ShapeError(description: "\(what) is \(type(of: value)), expected \(T.self)") }
        return typed
    }
}
