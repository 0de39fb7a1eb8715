import Synchronization

/// Each page's ids hashed once per link checker, however many `#anchor` links depend on them: a page
/// with thousands of headings links to each from its heading anchors, and hashing all its ids again for
/// every one of those links made the check quadratic (16,000 headings: 14 s).
final class PageIDsDigests: Sendable {
    private let pageIDs: [String: Set<String>]
    private let digests = Mutex<[String: Int]>([:])

    init(_ pageIDs: [String: Set<String>]) { self.pageIDs = pageIDs }

    func digest(of page: String) -> Int {
        if let known = digests.withLock({ $0[page] }) { return known }
        let digest = pageIDs[page]?.hashValue ?? 0
        digests.withLock { $0[page] = digest }
        return digest
    }
}
