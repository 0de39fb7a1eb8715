import Foundation
import PigmentModel

/// What `pigment serve` keeps of its last successful build, for `BodyEditRebuild`.
struct LastBuild: Sendable {
    var config: SiteConfig
    /// The data files' digests as loaded (before the privacy page's version is linked in).
    var loadedDataDigests: [String: Int]
    var templateSources: [String: String]
    var baseURL: String
    var drafts: Bool
    var future: Bool
    var strict: Bool
    /// The earliest date of a page left out for being in the future: from then on, the set of pages differs.
    var nextPublication: Date?
    var site: AssembledSite
    var renderer: MarkdownRenderer
    var checker: LinkChecker
    /// `checker.structureDigest`.
    var linkStructure: Int
    var pageResults: [PageWriteResult]
    var report: BuildReport

    /// Where the page read from `contentPath` is in `site.pages`: looked for in a pass over the pages
    /// (under a millisecond at 10,000), which every rebuild saves making a table of them.
    func index(ofPageFrom contentPath: String) -> Int? {
        site.pages.firstIndex { $0.source?.contentPath == contentPath }
    }
}

/// The rebuild for the most common edit in `pigment serve`: a writer changed the text of a page, not its
/// front matter. Nothing another page shows can have changed then (listings show front matter, the
/// sitemap URLs and dates), so instead of passing over every page again it reads the changed files,
/// renders their Markdown and their page, checks their links, and writes them: milliseconds, not a pass
/// over 10,000 pages.
///
/// It declines (nil), leaving the edit to the full pipeline, whenever it cannot be sure to make exactly
/// what that would: anything but existing pages' files changed (site.yml, data, templates, public/, a
/// new or removed page), front matter changed, a section index or legal page changed, the page had or
/// gets a diagnostic, its heading ids or its template links changed (other pages may point at them), a
/// page dated in the future became due, or the output folder is gone. Tests compare its output and its
/// report with a fresh build's.
struct BodyEditRebuild {
    var cache: BuildCache
    var options: BuildOptions

    func run() -> BuildReport? {
        guard let last = cache.lastBuild, let output = options.output, FileManager.default.fileExists(atPath: output.path),
              options.includeDrafts == last.drafts, options.includeFuture == last.future, options.warningsAreErrors == last.strict,
              last.nextPublication.map({ options.now < $0 }) ?? true,
              let changed = cache.takeChangedPagesOnly(in: options.contentDirectory)
        else { return nil }
        guard let report = rebuild(changed, after: last, output: output) else {
            cache.giveBack(changed, in: options.contentDirectory)  // the full build reads them
            return nil
        }
        return report
    }

    private func rebuild(_ changed: Set<String>, after last: LastBuild, output: URL) -> BuildReport? {
        var clock = StageClock(progress: options.progress)
        let started = clock.measure("check that only page texts changed") { () -> (TemplateSet, [SourceFile])? in
            // site.yml, the data files and the templates are small: read again, they must be as they were.
            let config = options.loadSiteConfig().0, data = options.loadDataFiles().0, templates = options.loadTemplates().0
            guard config == last.config, data.digests == last.loadedDataDigests, templates.sources == last.templateSources,
                  options.baseURL(for: config) == last.baseURL else { return nil }
            let loader = ContentLoader(contentDirectory: options.contentDirectory, displayPrefix: "Content")
            var files: [SourceFile] = []
            for path in changed.sorted() {
                guard let index = last.index(ofPageFrom: path), case .success(let file) = loader.read(path),
                      let before = cache.lastText(of: path), FrontMatter.sameFrontMatter(file.text, before),
                      last.site.pages[index].kind == .page, last.site.pages[index].policy == nil,
                      !last.report.diagnostics.contains(where: { $0.location.file == file.displayPath })
                else { return nil }
                files.append(file)
            }
            return (templates, files)
        }
        guard let (templates, files) = started else { return nil }

        // The changed pages through the same stages as a full build, with everything else as it was;
        // what they write is staged until the rebuild is known good.
        let folder: OutputFolder
        do { folder = try OutputFolder(destination: output) } catch { return nil }
        var site = last.site
        var pageResults = last.pageResults
        var newDiagnostics: [Diagnostic] = []
        let indexes = files.compactMap { last.index(ofPageFrom: $0.contentPath) }
        let renderedAll = clock.measure("render the edited pages") { () -> Bool in
            for (index, read) in zip(indexes, cache.readPages(files)) {
                guard read.diagnostics.isEmpty, let page = read.page else { return false }
                // Front matter unchanged: the layout the assembler chose (`site.layouts`) is the page's still.
                let updated = cache.renderMarkdown(of: [page], with: last.renderer)[0]
                site.pages[index] = updated
                newDiagnostics += updated.rendered?.diagnostics ?? []
            }
            let writer = SiteWriter(site: site, templates: templates, context: TemplateContext(site: site, baseURL: last.baseURL), output: folder)
            for (index, result) in zip(indexes, writer.writePages(at: indexes)) {
                // Other pages' links may point at its ids; its template links are checked as the site's.
                guard result.diagnostics.isEmpty, result.ids == last.pageResults[index].ids,
                      result.templateLinks == last.pageResults[index].templateLinks else { return false }
                pageResults[index] = result
            }
            // The feeds show their pages' texts.
            let sections = Set(indexes.map { site.pages[$0].section })
            return writer.feeds(of: sections).allSatisfy { folder.offer($0.text, at: $0.path) == nil }
        }
        guard renderedAll, indexes.count == files.count else {
            folder.discard()
            return nil
        }

        // Their links: ids and template links are as before, so no other page's findings change.
        clock.measure("check the edited pages' links") {
            let audit = LinkAudit(site: site, checker: last.checker, templates: templates)
            let absoluteAnswers = AbsoluteLinkAnswers(checker: last.checker)
            for index in indexes {
                let templateLinks = pageResults[index].templateLinks
                newDiagnostics += cache.linkFindings(ofPageAt: index, in: site, templateLinks: templateLinks, checker: last.checker,
                                                     structure: last.linkStructure) { index in
                    audit.findings(ofPageAt: index, templateLinks: templateLinks, absoluteAnswers: absoluteAnswers)
                }.diagnostics
            }
        }
        // A diagnostic the page did not have before: the full build reports it, with everything else.
        guard newDiagnostics.isEmpty else {
            folder.discard()
            return nil
        }

        let changedFiles: [String]
        do {
            // No file of the site goes away: nothing to look for to remove.
            changedFiles = try clock.measure("put changed files in place") { try folder.publish(site: [], previous: []) }
        } catch {
            folder.discard()
            return nil
        }

        var report = last.report
        report.timings = clock.timings
        report.renderedPageCount = indexes.count
        report.changedFiles = changedFiles
        var next = last
        next.site = site
        next.pageResults = pageResults
        next.report = report
        cache.commitBodyEdit(next, files: files, indexes: indexes, results: indexes.map { pageResults[$0] })
        return report
    }
}
