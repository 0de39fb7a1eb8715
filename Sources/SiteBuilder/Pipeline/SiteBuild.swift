import Foundation
import PigmentModel

/// `pigment build`: Content + Templates + public → a static site.
///
/// One linear pipeline; each stage is a plain function of what the stages before it made:
///  1. load the site file, the data files, the templates and every Markdown file
///  2. read front matter, and keep the pages this build publishes
///  3. render Markdown (in parallel), rewriting `.md` links and expanding shortcodes from data
///     (`pigment serve` keeps a `BuildCache`, a memo layer the pipeline wraps around stages 1 to 7: each
///     call is `cache?.stage(inputs) ?? stage(inputs)`, or the stage is handed the cache's form of a step
///     it takes, as the assembler its listing order; the stages know nothing of it)
///     3b. keep every released version of the legal pages online, with what changed between them
///  4. assemble the site: home, section and 404 pages, listings, layouts, aliases
///  5. render every page through its template and stage its file (in parallel)
///  6. beside 5: stage the sitemap, robots.txt, feeds and alias redirects, and `public/`
///  7. check every internal link and anchor
///  8. only if nothing failed: put the staged files in place, a new output folder whole, an existing
///     one by replacing just the files whose bytes changed (see `OutputFolder`)
///
/// A content error does not stop the stages after it: the build goes on so that one run reports
/// every problem, like a compiler. Only broken templates stop it early, since nothing renders without them.
public func buildSite(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
    var clock = StageClock(progress: options.progress)
    // `pigment serve` after an edit of page texts only: just those pages (see `BodyEditRebuild`).
    if let cache = options.cache {
        if let report = BodyEditRebuild(cache: cache, options: options).run() { return report }
        clock.measure("forget the last build") { cache.remember(nil) }  // should this build fail, the next one runs whole
    }
    var diagnostics: [Diagnostic] = []
    func failure(_ extra: [Diagnostic] = []) -> BuildFailure {
        BuildFailure(diagnostics: (diagnostics + extra).sortedForReport())
    }

    // 1. Load.
    let (config, configDiagnostics) = clock.measure("load site.yml") { options.loadSiteConfig() }
    var (data, dataDiagnostics) = clock.measure("load data files") { options.loadDataFiles() }
    let (templates, templateDiagnostics) = clock.measure("load templates") { options.loadTemplates() }
    let (files, loadDiagnostics) = clock.measure("load content") {
        let loader = ContentLoader(contentDirectory: options.contentDirectory, displayPrefix: "Content")
        return options.cache?.loadContent(loader) ?? loader.load()
    }
    let (archive, archiveDiagnostics) = clock.measure("load policy archive") {
        PolicyArchive.load(contentDirectory: options.contentDirectory, displayPrefix: "Content")
    }
    let loadedDataDigests = data.digests
    diagnostics += configDiagnostics + dataDiagnostics + templateDiagnostics + loadDiagnostics + archiveDiagnostics
    let baseURL = options.baseURL(for: config)
    // A site.yml with errors may well have a baseURL the build could not read: its own errors come first.
    if options.baseURL == nil && config.baseURL == nil && !configDiagnostics.hasErrors {
        diagnostics.append(.error("the site needs an absolute baseURL for its sitemap and feeds: set 'baseURL' in "
                                  + "Content/site.yml or pass --base-url", at: SourceLocation(file: "Content/site.yml")))
    }

    // 2. Front matter, and what this build publishes.
    let publication = Publication(includeDrafts: options.includeDrafts, includeFuture: options.includeFuture, now: options.now)
    let (published, excluded, unreadable) = clock.measure("read front matter") {
        let read = options.cache?.readPages(files) ?? files.parallelMap(PageReader.read)
        // Pages whose front matter failed are already reported; links to them must not be reported again.
        var published: [Page] = [], excluded: [(Page, String)] = [], unreadable: [String] = []
        published.reserveCapacity(read.count)
        for index in read.indices {
            if !read[index].diagnostics.isEmpty { diagnostics += read[index].diagnostics }
            guard let page = read[index].page else { unreadable.append(files[index].contentPath); continue }
            if let reason = publication.exclusionReason(page) { excluded.append((page, reason)) } else { published.append(page) }
        }
        return (published, excluded, unreadable)
    }
    // (`consume`: what is not needed again is freed as the build goes, which keeps its peak memory down.)
    _ = consume files
    // The banner and the consent forms send the privacy policy's current version.
    diagnostics += data.linkPolicy(in: published, unreadable: unreadable)

    // 3. Markdown.
    let (renderer, rendered) = clock.measure("render Markdown") { [published = consume published] in
        let linkTargets = LinkTargetPages(published: published, unreadable: unreadable, excluded: excluded)
        let renderer = MarkdownRenderer(settings: config.markdown,
                                        markdownLinks: options.cache?.markdownLinks(linkTargets) ?? MarkdownLinkResolver(linkTargets.inputs),
                                        shortcodes: ShortcodeExpander(templates: templates, data: data, consentEndpoint: config.consentEndpoint,
                                                                                      siteParams: config.params))
        let rendered = options.cache?.renderMarkdown(of: published, with: renderer) ?? published.parallelMap { page in
            var page = page
            page.rendered = renderer.render(body: page.body, lineOffset: page.bodyLineOffset, file: page.source!)
            page.body = ""  // rendered: the Markdown is not needed again
            return page
        }
        return (renderer, rendered)
    }
    diagnostics += rendered.flatMap { $0.rendered?.diagnostics ?? [] }

    // 3b. Policy versions.
    let versioned = clock.measure("policy versions") { PolicyVersions(archive: archive).apply(to: rendered) }
    diagnostics += versioned.diagnostics

    // 4. Assemble.
    let (site, assemblyDiagnostics) = clock.measure("assemble") {
        var assembler = SiteAssembler(config: config, data: data, templates: templates)
        if let cache = options.cache { assembler.order = cache.ordered(listingOf:_:in:) }
        return assembler.assemble(versioned.pages + versioned.added)
    }
    diagnostics += assemblyDiagnostics
    guard !templateDiagnostics.hasErrors else { throw failure() }

    // 5–6. Write everything, staged beside the output until the build is known good.
    let output: OutputFolder
    do {
        output = try OutputFolder(destination: options.output)
    } catch {
        throw failure([.error("cannot create the output folder: \(error.reason)",
                              at: SourceLocation(file: options.output?.lastPathComponent ?? "_site"))])
    }
    options.cache?.forgetOutput(unlessExists: options.output)
    let writer = SiteWriter(site: site, templates: templates, context: TemplateContext(site: site, baseURL: baseURL), output: output)
    // The pages and the other files side by side: neither reads the other, and a rebuild that renders
    // a page or two leaves a core free.
    let (written, otherFiles) = clock.measureSideBySide(("render templates and write pages", {
        options.cache?.writePages(of: site, templates: templates, baseURL: baseURL, write: writer.writePages)
            ?? WrittenPages(results: writer.writePages(at: Array(site.pages.indices)), fingerprints: [], renderedCount: site.pages.count)
    }), ("write generated files and public/", {
        let sitemap = options.cache?.sitemap(Sitemap.Inputs(baseURL: baseURL, pages: site.pages), make: writer.sitemap) ?? writer.sitemap()
        return writer.writeGeneratedFiles(sitemap: sitemap, publicDirectory: options.publicDirectory)
    }))
    let pageResults = written.results
    diagnostics += pageResults.flatMap(\.diagnostics) + otherFiles.diagnostics

    // 7. Links.
    let (checker, linkStructure, linkDiagnostics) = clock.measure("check links") {
        let inputs = LinkChecker.Inputs(pages: site.pages, pageIDs: pageResults.map(\.ids), aliases: site.aliases,
                                        files: otherFiles.files, excluded: excluded, unreadable: unreadable)
        let checker = options.cache?.linkChecker(inputs) ?? LinkChecker(inputs)
        let audit = LinkAudit(site: site, checker: checker, templates: templates)
        let templateLinks = pageResults.map(\.templateLinks)
        guard let cache = options.cache else { return (checker, 0, audit.run(templateLinks: templateLinks)) }
        let linkStructure = checker.structureDigest
        let absoluteAnswers = AbsoluteLinkAnswers(checker: checker)
        return (checker, linkStructure, audit.report(cache.linkFindings(of: site, templateLinks: templateLinks, checker: checker,
                                                                          structure: linkStructure) { index in
            audit.findings(ofPageAt: index, templateLinks: templateLinks[index], absoluteAnswers: absoluteAnswers)
        }))
    }
    diagnostics += linkDiagnostics

    // 8. Publish, or leave the last good site untouched.
    if options.warningsAreErrors {
        diagnostics = diagnostics.map { Diagnostic(.error, $0.message, at: $0.location) }
    }
    guard !diagnostics.hasErrors else {
        output.discard()
        throw failure()
    }
    let (siteFiles, sameFiles) = options.cache?.siteFiles(pages: site.pages, otherFiles: otherFiles.files, written: written)
        ?? (Set(site.pages.map(\.outputPath)).union(otherFiles.files), false)
    let changedFiles: [String]
    do {
        changedFiles = try clock.measure("put changed files in place") {
            // The same files as the output holds: none to look for to remove.
            try output.publish(site: siteFiles, previous: sameFiles ? [] : options.cache?.outputFiles)
        }
    } catch {
        output.discard()
        let failed = error as? OutputFolder.Failure ?? OutputFolder.Failure(path: "", reason: ContentLoader.reason(error))
        throw failure([output.diagnostic(failed)])
    }
    var report = BuildReport(diagnostics: diagnostics.sortedForReport(), pageCount: site.pages.count,
                             fileCount: site.pages.count + otherFiles.files.count, timings: [],
                             renderedPageCount: written.renderedCount, changedFiles: changedFiles,
                             unreleasedVersions: versioned.unreleased, editedWithoutNewVersionWarnings: versioned.editedWithoutNewVersion,
                             unversionedWarnings: versioned.unversioned)
    if let cache = options.cache {
        clock.measure("remember for the next rebuild") {
            cache.commit(pages: site.pages, written: written, siteFiles: siteFiles, otherFiles: otherFiles.files)
            cache.remember(LastBuild(
                config: config, loadedDataDigests: loadedDataDigests, templateSources: templates.sources, baseURL: baseURL,
                drafts: options.includeDrafts, future: options.includeFuture, strict: options.warningsAreErrors,
                nextPublication: excluded.compactMap { $0.0.metadata.date?.date }.filter { $0 > options.now }.min(),
                site: site, renderer: renderer, checker: checker, linkStructure: linkStructure, pageResults: pageResults, report: report))
        }
    }
    report.timings = clock.timings
    releaseOffThisThread((consume site, consume rendered, consume written, consume checker, consume versioned, consume excluded))
    return report
}
