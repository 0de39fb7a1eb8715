import SiteBuilder
import Yams

/// A page file's text through the front-matter path a build takes: split at the `---` fences, parsed
/// (the fast plain reader, else Yams) and typed into page metadata. Whenever the fast reader accepts
/// the YAML, Yams must make exactly the same nodes of it, since the build trusts the fast reader in its place.
enum FrontMatterTarget {
    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = SiteBuilderFuzzing.readPage(text, contentPath: "blog/fuzz.md")
        guard let yaml = SiteBuilderFuzzing.frontMatterYAML(of: text),
              let fast = SiteBuilderFuzzing.plainFrontMatter(yaml) else { return }
        let yams: Node?
        do {
            yams = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch {
            throw FuzzFailure("the plain reader accepted YAML that Yams refuses (\(error)): \(yaml.debugDescription)")
        }
        guard let yams else {
            if fast.isEmpty { return }  // blank lines and comments only: no document for Yams, no keys for the plain reader
            throw FuzzFailure("the plain reader found keys where Yams finds no document: \(yaml.debugDescription)")
        }
        if let difference = NodeComparison.difference(.mapping(fast), yams) {
            throw FuzzFailure("the plain reader and Yams differ on \(yaml.debugDescription): \(difference)")
        }
    }
}

/// Compares two YAML nodes as the build sees them: position, resolved tag, text and style, recursively.
enum NodeComparison {
    static func difference(_ fast: Node, _ yams: Node) -> String? {
        guard fast.mark?.line == yams.mark?.line, fast.mark?.column == yams.mark?.column else {
            return "mark \(String(describing: fast.mark)) vs \(String(describing: yams.mark)) for \(yams)"
        }
        guard Resolver.default.resolveTag(of: fast) == Resolver.default.resolveTag(of: yams) else {
            return "tag \(Resolver.default.resolveTag(of: fast)) vs \(Resolver.default.resolveTag(of: yams)) for \(yams)"
        }
        switch (fast, yams) {
        case let (.scalar(a), .scalar(b)):
            return a.string == b.string && a.style == b.style ? nil : "scalar \(a) vs \(b)"
        case let (.sequence(a), .sequence(b)):
            guard a.count == b.count, a.style == b.style else { return "sequence \(a) vs \(b)" }
            return zip(a, b).lazy.compactMap { difference($0, $1) }.first
        case let (.mapping(a), .mapping(b)):
            guard a.count == b.count, a.style == b.style else { return "mapping of \(a.count) vs \(b.count) keys, style \(a.style) vs \(b.style)" }
            return zip(a, b).lazy.compactMap { difference($0.key, $1.key) ?? difference($0.value, $1.value) }.first
        default:
            return "\(fast) vs \(yams)"
        }
    }
}
