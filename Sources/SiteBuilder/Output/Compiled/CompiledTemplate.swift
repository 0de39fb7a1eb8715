import Mustache

/// One template after swift-mustache parsed it, as nodes the renderer walks (`CompiledTemplateRenderer`):
/// names are split and transforms looked up once, here, instead of at every tag of every page.
final class CompiledTemplate: Sendable {
    enum Node: Sendable {
        case text(String)
        case variable(TemplateValuePath, escaped: Bool)
        case section(TemplateValuePath, CompiledTemplate)
        case invertedSection(TemplateValuePath, CompiledTemplate)
        /// `{{$name}}default{{/name}}`: the default unless a `{{<parent}}` call overrides it.
        case block(name: String, default: CompiledTemplate, indentation: String?)
        /// `{{>name}}`, and `{{<name}}…{{/name}}` with its block overrides.
        case partial(name: String, indentation: String?, overrides: [String: CompiledTemplate]?)
        /// `{{% CONTENT_TYPE: … }}`: the escaping for the rest of this template.
        case contentType(any MustacheContentType)
    }

    let nodes: [Node]
    /// The templates `{{>name}}` and `{{<name}}` name, anywhere inside.
    let partialNames: Set<String>

    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    private init(nodes: [Node], partialNames: Set<String>) {
        self.nodes = nodes
        self.partialNames = partialNames
    }

    /// Throws `MustacheToken.ShapeError`, or `Unsupported`/`TemplateValuePath.Unsupported` for what
    /// only swift-mustache renders (dynamic partials `{{>*name}}`, transforms not in `TemplateTransform`).
    static func compile(_ template: MustacheTemplate) throws -> CompiledTemplate {
        var nodes: [Node] = []
        var partialNames: Set<String> = []
        for token in try MustacheToken.tokens(of: template) {
            switch token {
            case .text(let text):
                nodes.append(.text(text))
            case .variable(let name, let transforms, let escaped):
                nodes.append(.variable(try TemplateValuePath(name: name, transforms: transforms), escaped: escaped))
            case .section(let name, let transforms, let body, let inverted):
                let path = try TemplateValuePath(name: name, transforms: transforms)
                let compiled = try compile(body)
                partialNames.formUnion(compiled.partialNames)
                nodes.append(inverted ? .invertedSection(path, compiled) : .section(path, compiled))
            case .blockExpansion(let name, let defaultBody, let indentation):
                let compiled = try compile(defaultBody)
                partialNames.formUnion(compiled.partialNames)
                nodes.append(.block(name: name, default: compiled, indentation: indentation))
            case .partial(let name, let indentation, let overrides):
                let compiledOverrides = try overrides?.mapValues(compile)
                for override in compiledOverrides.map({ Array($0.values) }) ?? [] { partialNames.formUnion(override.partialNames) }
                partialNames.insert(name)
                nodes.append(.partial(name: name, indentation: indentation, overrides: compiledOverrides))
            case .contentType(let contentType):
                nodes.append(.contentType(contentType))
            case .dynamicNamePartial(let name):
                throw Unsupported(description: "dynamic partial {{>*\(name)}}")
            case .blockDefinition(let name, _):
                // swift-mustache keeps these only inside a parent call's overrides; loose, it stops rendering.
                throw Unsupported(description: "block definition {{$\(name)}} outside a parent")
            }
        }
        return CompiledTemplate(nodes: nodes, partialNames: partialNames)
    }
}
