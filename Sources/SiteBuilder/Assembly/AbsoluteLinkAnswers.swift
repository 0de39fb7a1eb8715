import Synchronization

/// Answers for absolute links, each checked once per build however many pages carry it.
final class AbsoluteLinkAnswers: Sendable {
    private let checker: LinkChecker
    private let answers = Mutex<[String: (outcome: LinkChecker.Outcome, anchorPage: String?, basis: LinkChecker.Basis?)]>([:])

    init(checker: LinkChecker) { self.checker = checker }

    func answer(for url: String, anchorPage: inout String?, basis: inout LinkChecker.Basis?) -> LinkChecker.Outcome {
        if let known = answers.withLock({ $0[url] }) {
            anchorPage = known.anchorPage
            basis = known.basis
            return known.outcome
        }
        let outcome = checker.check(url, written: url, onPage: "/", anchorPage: &anchorPage, basis: &basis)
        let answer = (outcome, anchorPage, basis)
        answers.withLock { $0[url] = answer }
        return outcome
    }
}
