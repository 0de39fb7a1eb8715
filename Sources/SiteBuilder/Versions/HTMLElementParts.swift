/// One element's HTML cut into its opening tag, its content and its closing tag, so the diff can
/// rebuild a list or a table around compared children, and mark an element without wrapping it
/// where `<ins>`/`<del>` may not stand (between `<li>`s, between `<tr>`s).
struct HTMLElementParts {
    var openTag: String
    var inner: String
    var closeTag: String

    /// Nil unless `html` is exactly one `<tag …>…</tag>` (as a diff block of that tag is).
    init?(_ html: String, tag: String) {
        let close = "</\(tag)>"
        guard !tag.isEmpty, html.hasPrefix("<"), html.hasSuffix(close),
              let end = html.firstIndex(of: ">") else { return nil }
        let innerStart = html.index(after: end), innerEnd = html.index(html.endIndex, offsetBy: -close.count)
        guard innerStart <= innerEnd else { return nil }
        openTag = String(html[..<innerStart])
        inner = String(html[innerStart..<innerEnd])
        closeTag = close
    }

    /// `openTag` with `name` added to its classes, and with `id` when one is given.
    static func tag(_ openTag: String, addingClass name: String, id: String? = nil) -> String {
        var tag = openTag
        if let range = tag.range(of: #" class=""#) {
            tag.replaceSubrange(range, with: #" class="\#(name) "#)
        } else {
            tag.insert(contentsOf: #" class="\#(name)""#, at: tag.index(before: tag.endIndex))
        }
        if let id {
            tag.insert(contentsOf: #" id="\#(id)""#, at: tag.index(before: tag.endIndex))
        }
        return tag
    }
}
