import Mustache

/// Renders `CompiledTemplate`s over `TemplateData`, step for step as swift-mustache's
/// Template+Render.swift and Context.swift do (v2.1.1): sections over lists, booleans and other
/// values, inverted sections, partials (each starting with swift-mustache's HTML escaping, with the
/// partial's indentation added per rendered piece that starts a line), parents and their blocks
/// (an outer override wins over an inner one), and content types.
struct CompiledTemplateRenderer {
    let templates: [String: CompiledTemplate]
    /// The context stack, innermost last: pushed and popped around sections instead of copied.
    private var stack: [TemplateData]

    /// What swift-mustache's `MustacheContext` carries besides the stack.
    struct Context {
        var indentation: String?
        var overrides: [String: CompiledTemplate]?
        var contentType: any MustacheContentType
    }

    /// swift-mustache's own HTML escaping (its `HTMLContentType` is internal): every render and every
    /// partial starts with it, before the template's pragma line switches to ours.
    static let defaultContentType: any MustacheContentType = {
        let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE: HTML }}")
        for token in (try? template.map(MustacheToken.tokens)) ?? [] {
            if case .contentType(let contentType) = token { return contentType }
        }
        return TemplateEscaping()
    }()

    init(templates: [String: CompiledTemplate], root: TemplateData) {
        self.templates = templates
        self.stack = [root]
        stack.reserveCapacity(8)
    }

    mutating func render(_ template: CompiledTemplate) -> String {
        var output = ""
        render(template, Context(indentation: nil, overrides: nil, contentType: Self.defaultContentType), into: &output)
        return output
    }

    private mutating func render(_ template: CompiledTemplate, _ context: Context, into output: inout String) {
        var context = context
        if let indentation = context.indentation, !indentation.isEmpty {
            // swift-mustache indents a piece when this template's own output so far ends a line.
            var rendered = ""
            for node in template.nodes {
                var piece = ""
                render(node, &context, into: &piece)
                if !piece.isEmpty, rendered.last == "\n" { rendered += indentation }
                rendered += piece
            }
            output += rendered
        } else {
            for node in template.nodes { render(node, &context, into: &output) }
        }
    }

    private mutating func render(_ node: CompiledTemplate.Node, _ context: inout Context, into output: inout String) {
        switch node {
        case .text(let text):
            output += text
        case .variable(let path, let escaped):
            guard let value = path.resolve(in: stack) else { return }
            output += escaped ? context.contentType.escapeText(value.renderedText) : value.renderedText
        case .section(let path, let body):
            switch path.resolve(in: stack) {
            case nil:
                return
            case .list(let items):
                for item in items { renderPushing(item, body, context, into: &output) }
            case .bool(let isTrue):
                if isTrue { render(body, context, into: &output) }
            case let value?:
                renderPushing(value, body, context, into: &output)
            }
        case .invertedSection(let path, let body):
            switch path.resolve(in: stack) {
            case nil:
                render(body, context, into: &output)
            case .list(let items):
                if items.isEmpty { renderPushing(.list(items), body, context, into: &output) }
            case .bool(let isTrue):
                if !isTrue { render(body, context, into: &output) }
            case .some:
                return
            }
        case .block(let name, let defaultBody, let indentation):
            var inner = context
            if let indentation { inner.indentation = (context.indentation ?? "") + indentation }
            render(context.overrides?[name] ?? defaultBody, inner, into: &output)
        case .partial(let name, let indentation, let overrides):
            guard let template = templates[name] else { return }
            var inner = Context(indentation: context.indentation, overrides: context.overrides, contentType: Self.defaultContentType)
            if let indentation { inner.indentation = (context.indentation ?? "") + indentation }
            if let overrides {
                // The outer call's override of a block wins over this one's.
                inner.overrides = context.overrides.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(template, inner, into: &output)
        case .contentType(let contentType):
            context.contentType = contentType
        }
    }

    private mutating func renderPushing(_ value: TemplateData, _ body: CompiledTemplate, _ context: Context, into output: inout String) {
        stack.append(value)
        render(body, context, into: &output)
        stack.removeLast()
    }
}
