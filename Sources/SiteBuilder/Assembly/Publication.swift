import Foundation

/// Which pages this build publishes: drafts only with `--drafts`, pages dated in the future only with `--future`.
struct Publication: Sendable {
    var includeDrafts: Bool
    var includeFuture: Bool
    /// The build's clock, passed in so tests decide what "the future" is.
    var now: Date

    /// Why a page is left out, or nil when it is published.
    func exclusionReason(_ page: Page) -> String? {
        if page.metadata.draft && !includeDrafts { return "a draft (built with --drafts)" }
        if let date = page.metadata.date, date.date > now, !includeFuture {
            return "dated in the future, \(date.isoDay) (built with --future)"
        }
        return nil
    }
}
