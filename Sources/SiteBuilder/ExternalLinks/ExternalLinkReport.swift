import Foundation
import PigmentModel

/// `pigment check --external`: every external link of the site's sources checked (from the cache
/// where it is fresh), and each problem as a diagnostic at the link: a warning, an error when
/// `strict`. A server answering only `429` is a warning either way: unknown, not broken.
public struct ExternalLinkReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// Distinct addresses, and how many of them came from the cache.
    public var checked: Int
    public var fromCache: Int
    public var seconds: Double

    public static func run(root: URL, checker: ExternalLinkChecker, excluding patterns: [String], strict: Bool,
                           cacheLifetime: TimeInterval, now: Date = Date(),
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async -> ExternalLinkReport {
        let started = Date()
        // The site's own address (baseURL) is no external link: the build checks its pages.
        let ownAddress = BuildOptions(root: root, output: nil).loadSiteConfig().0.baseURL
        let links = ExternalLinkScanner.links(under: root).filter { link in
            !patterns.contains { ExternalLinkPattern.matches($0, link.url) } && !(ownAddress.map { link.url.hasPrefix($0) } ?? false)
        }
        let addresses = Array(Set(links.map(\.url))).sorted()
        var cache = ExternalLinkCache(root: root, lifetime: cacheLifetime)
        var outcomes: [String: ExternalLinkChecker.Outcome] = [:]
        var toAsk: [String] = []
        for address in addresses {
            if let known = cache.outcome(of: address, now: now) { outcomes[address] = known } else { toAsk.append(address) }
        }
        let answered = await checker.check(toAsk, progress: progress)
        outcomes.merge(answered) { $1 }
        cache.remember(answered, now: now)
        cache.save()

        var diagnostics: [Diagnostic] = []
        let severity: Diagnostic.Severity = strict ? .error : .warning
        for link in links {
            switch outcomes[link.url] {
            case .ok?, nil: continue
            case .moved(let target)?:
                diagnostics.append(Diagnostic(severity, "external link \(link.url) moved permanently to \(target)", at: link.location,
                                              hint: "link \(target) instead"))
            case .broken(let reason)?:
                diagnostics.append(Diagnostic(severity, "external link \(link.url) \(reason)", at: link.location))
            case .rateLimited?:
                diagnostics.append(Diagnostic(.warning, "external link \(link.url) answered 429 Too Many Requests for longer than we wait; not checked this time",
                                              at: link.location))
            }
        }
        return ExternalLinkReport(diagnostics: diagnostics.sortedForReport(), checked: addresses.count, fromCache: addresses.count - toAsk.count,
                                  seconds: Date().timeIntervalSince(started))
    }
}

/// `--exclude PATTERN`: shell-style wildcards over the whole address (`https://twitter.com/*`,
/// `*://*.internal.example/*`); a pattern without a wildcard matches addresses that start with it.
public enum ExternalLinkPattern {
    public static func matches(_ pattern: String, _ url: String) -> Bool {
        guard pattern.contains("*") || pattern.contains("?") else { return url.hasPrefix(pattern) }
        return fnmatch(pattern, url, 0) == 0
    }
}
