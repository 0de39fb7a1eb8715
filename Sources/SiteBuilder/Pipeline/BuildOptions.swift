import Foundation
import PigmentModel

/// Everything a build depends on besides the files themselves, passed in so tests decide it.
public struct BuildOptions: Sendable {
    /// The site root: holds `Content/`, `Templates/` and `public/`.
    public var root: URL
    /// Where the site goes (`_site` under the root by default); nil builds without writing (`pigment check`).
    public var output: URL?
    public var includeDrafts = false
    public var includeFuture = false
    /// Overrides `baseURL` from `site.yml` (for preview deployments).
    public var baseURL: String?
    /// Fail on warnings too (`--strict`), for CI that wants a clean site.
    public var warningsAreErrors = false
    /// The build's clock: decides which pages are "in the future".
    public var now: Date
    /// `pigment serve` keeps one between rebuilds: a rebuild redoes only what a change affects (see
    /// `BuildCache`), and replaces only changed files in the output, each by a rename, instead of swapping
    /// the whole folder, so the preview server never answers from a missing or half-written file.
    public var cache: BuildCache?
    /// Told as each stage begins (the terminal's progress line); nil: nobody is watching.
    public var progress: (@Sendable (_ stage: String) -> Void)?
    /// Renders every template through swift-mustache instead of the compiled renderer (`CompiledTemplates`):
    /// the tests build a site both ways and compare the bytes.
    var rendersWithSwiftMustache = false

    public init(root: URL, output: URL?, includeDrafts: Bool = false, includeFuture: Bool = false,
                baseURL: String? = nil, warningsAreErrors: Bool = false, now: Date = Date()) {
        self.warningsAreErrors = warningsAreErrors
        self.root = root
        self.output = output
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.baseURL = baseURL
        self.now = now
    }

    var contentDirectory: URL { root.appendingPathComponent("Content") }
    var templatesDirectory: URL { root.appendingPathComponent("Templates") }
    var publicDirectory: URL { root.appendingPathComponent("public") }

    // The small inputs every build reads whole (also `BodyEditRebuild`, to see that they are unchanged).
    func loadSiteConfig() -> (SiteConfig, [Diagnostic]) {
        SiteConfig.load(from: contentDirectory.appendingPathComponent(SiteConfig.fileName), displayPath: "Content/\(SiteConfig.fileName)")
    }

    func loadDataFiles() -> (SiteData, [Diagnostic]) {
        SiteData.load(from: contentDirectory.appendingPathComponent(SiteData.folder), displayPrefix: "Content/\(SiteData.folder)")
    }

    func loadTemplates() -> (TemplateSet, [Diagnostic]) {
        TemplateSet.load(from: templatesDirectory, displayPrefix: "Templates", compile: !rendersWithSwiftMustache)
    }

    /// The URL the site is published at: `--base-url`, else `site.yml`'s (a missing one is reported by the build).
    func baseURL(for config: SiteConfig) -> String {
        baseURL.flatMap(SiteConfig.normalizeBaseURL) ?? config.baseURL ?? "http://localhost/"
    }
}

/// What a successful build did.
public struct BuildReport: Sendable {
    /// Warnings (a successful build has no errors).
    public var diagnostics: [Diagnostic]
    public var pageCount: Int
    public var fileCount: Int
    public var timings: [StageTiming]
    /// Pages whose template this build rendered: all of them, unless a cache had some already.
    public var renderedPageCount = 0
    /// With a cache: the output files that changed (written or removed).
    public var changedFiles: [String] = []
    /// Legal page versions not in the archive yet, as they would be archived: what `pigment release` writes.
    public var unreleasedVersions: [(contentPath: String, version: ArchivedVersion)] = []
    /// The warnings about legal pages whose text differs from the released text of the same version.
    public var editedWithoutNewVersionWarnings: [Diagnostic] = []
    /// Those pages' paths (`Content/legal/privacy.md`).
    public var editedWithoutNewVersion: [String] { editedWithoutNewVersionWarnings.map(\.location.file) }
    /// The warnings about legal pages without a version (no `updated` date), which `pigment release` skips.
    public var unversionedWarnings: [Diagnostic] = []
}

public struct StageTiming: Sendable {
    public var stage: String
    public var seconds: Double
    /// The process's CPU time over the same span (every thread's). For two stages run side by side,
    /// each span also holds the other's work.
    public var cpuSeconds: Double
    /// How many cores were busy on average: near the core count when a parallel stage kept all busy.
    public var busyCores: Double { seconds > 0 ? cpuSeconds / seconds : 0 }
}

/// Times the pipeline's stages, for `--timings` and the benchmark.
struct StageClock {
    private(set) var timings: [StageTiming] = []
    var progress: (@Sendable (_ stage: String) -> Void)?

    init(progress: (@Sendable (_ stage: String) -> Void)? = nil) { self.progress = progress }

    mutating func measure<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        progress?(stage)
        let start = Span()
        defer { timings.append(start.timing(of: stage)) }
        return try work()
    }

    /// Two stages that do not depend on each other, run side by side (see `bothAtOnce`), each timed.
    mutating func measureSideBySide<A: Sendable, B: Sendable>(_ first: (stage: String, work: @Sendable () -> A),
                                                               _ second: (stage: String, work: @Sendable () -> B)) -> (A, B) {
        @Sendable func timed<T>(_ stage: String, _ work: () -> T) -> (T, StageTiming) {
            let start = Span()
            let value = work()
            return (value, start.timing(of: stage))
        }
        progress?("\(first.stage), \(second.stage)")
        let ((a, aTiming), (b, bTiming)) = bothAtOnce({ timed(first.stage, first.work) }, { timed(second.stage, second.work) })
        timings += [aTiming, bTiming]
        return (a, b)
    }

    /// Where a stage began: the clock and the process's CPU time.
    private struct Span {
        let nanoseconds = DispatchTime.now().uptimeNanoseconds
        let cpuSeconds = CLibrary.processCPUSeconds

        func timing(of stage: String) -> StageTiming {
            StageTiming(stage: stage, seconds: Double(DispatchTime.now().uptimeNanoseconds - nanoseconds) / 1e9,
                        cpuSeconds: CLibrary.processCPUSeconds - cpuSeconds)
        }
    }
}
