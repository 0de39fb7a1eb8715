import PigmentModel
import Yams

/// Content file → page with typed front matter (the first stage after loading).
enum PageReader {
    static func read(_ file: SourceFile) -> (page: Page?, diagnostics: [Diagnostic]) {
        let split: SplitSource
        switch FrontMatter.split(file) {
        case .success(let value): split = value
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        let mapping: Node.Mapping
        switch FrontMatter.parse(split, of: file) {
        case .success(let value): mapping = value
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        let (metadata, diagnostics) = PageMetadata.read(mapping, file: file, lineOffset: split.yamlLineOffset)
        guard let metadata else { return (nil, diagnostics) }
        let kind: Page.Kind
        let folder = PageURL.folder(of: file.contentPath)
        if PageURL.isSectionText(file.contentPath) {
            kind = folder.isEmpty ? .home : .section(folder)
        } else {
            kind = .page
        }
        // Later stages need the file's name, not its text (`body` holds what they render); keeping the
        // text would hold every page twice in memory until the build ends.
        var source = file
        source.text = ""
        let page = Page(
            kind: kind,
            source: source,
            metadata: metadata,
            body: split.body,
            bodyLineOffset: split.bodyLineOffset,
            url: metadata.permalink ?? PageURL.forContent(file.contentPath, slug: metadata.slug),
            section: PageURL.section(of: file.contentPath),
            folder: folder
        )
        return (page, diagnostics)
    }
}
