import Mustache

/// The site's templates compiled at load (`CompiledTemplate`), rendered over typed values
/// (`TemplateData`) instead of swift-mustache's walk of `[String: Any]`: there, every `{{page.title}}`
/// split its name, cast each level from `Any` and allocated, 16% of all the CPU of a 10,000-page
/// release build (`perf record`).
///
/// Measured on the 10,000-page corpus (release, 2 cores, 2 runs each): see `TemplateSet`'s doc comment.
///
/// A template the compiler leaves out (`CompiledTemplate.Unsupported`, or a token shape it does not
/// know) is not rendered here, nor is any template that reaches it through partials: `canRender`
/// says no and swift-mustache renders those, so nothing renders differently without a test noticing.
struct CompiledTemplates: Sendable {
    let templates: [String: CompiledTemplate]
    /// Template name → why it is left to swift-mustache.
    let leftToMustache: [String: String]
    /// Top-level templates every partial of which compiled.
    private let renderable: Set<String>

    init(_ parsed: [String: MustacheTemplate]) {
        var templates: [String: CompiledTemplate] = [:]
        var leftToMustache: [String: String] = [:]
        for (name, template) in parsed {
            do { templates[name] = try CompiledTemplate.compile(template) }
            catch { leftToMustache[name] = "\(error)" }
        }
        var renderable: Set<String> = []
        for name in templates.keys {
            var seen: Set<String> = [name]
            var pending = [name]
            var complete = true
            while let next = pending.popLast() {
                if leftToMustache[next] != nil { complete = false; break }
                for partial in templates[next]?.partialNames ?? [] where seen.insert(partial).inserted { pending.append(partial) }
            }
            if complete { renderable.insert(name) }
        }
        self.templates = templates
        self.leftToMustache = leftToMustache
        self.renderable = renderable
    }

    func canRender(_ name: String) -> Bool { renderable.contains(name) }

    func render(_ root: TemplateData, with name: String) -> String? {
        guard renderable.contains(name), let template = templates[name] else { return nil }
        var renderer = CompiledTemplateRenderer(templates: templates, root: root)
        return renderer.render(template)
    }
}
