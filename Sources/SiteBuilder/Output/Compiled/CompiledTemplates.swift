import Mustache

/// The site's templates compiled at load (`CompiledTemplate`), rendered over typed values
/// (`TemplateData`) instead of swift-mustache's walk of `[String: Any]`: there, every `{{page.title}}`
/// split its name, cast each level from `Any` and allocated, 16% of all the CPU of a 10,000-page
/// release build (`perf record`).
///
/// Measured on the benchmark's 10,000-page corpus (9,912 pages; release builds, a 2-core machine
/// shared with other work, runs alternating, each into a new folder), the stage "render templates
/// and write pages" (`--timings`) took 2,399 ms (cold files) and 1,811 ms with swift-mustache, and
/// 1,610 ms and 1,585 ms compiled; the whole build 5.04 s and 3.41 s (3.71 s and 3.36 s user), and
/// 3.63 s and 3.30 s (3.59 s and 3.30 s user). Both wrote the same 9,915 files, byte for byte.
/// In `perf record` of one such build, rendering is now 4.6% of all samples (the stage's rest is
/// writing the files and scanning their HTML for the link check).
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
