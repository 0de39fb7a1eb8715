/// One entry of `{{#page.toc}}`: `id`, `title`, `level`, `children` (entries like it) and `hasChildren`.
struct TableOfContentsTemplateValues: TemplateObject {
    let entry: TableOfContentsEntry

    static func data(_ entry: TableOfContentsEntry) -> TemplateData { .object(TableOfContentsTemplateValues(entry: entry)) }

    func value(for key: String) -> TemplateData? {
        switch key {
        case "id": return .text(entry.id)
        case "title": return .text(entry.title)
        case "level": return .int(entry.level)
        case "children": return .list(entry.children.map(Self.data))
        case "hasChildren": return .bool(!entry.children.isEmpty)
        default: return nil
        }
    }
}
