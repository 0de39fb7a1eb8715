import Synchronization

/// `UserAgentFamily`'s answers by User-Agent string, remembered: a site's visitors send a few
/// hundred distinct strings, and reducing one costs up to 16 substring searches over ~130 bytes
/// (not yet profiled; wrk sends no User-Agent, so the bench does not see this cost). Bounded: when `capacity` strings are kept, the table starts over, so a client
/// sending a new string with each request costs a reduction each, never memory.
final class UserAgentFamilies: Sendable {
    struct Families: Sendable, Equatable {
        var browser: String
        var system: String
    }

    static let capacity = 1024
    private let known = Mutex<[String: Families]>([:])

    func families(_ userAgent: String?) -> Families {
        guard let userAgent else { return Families(browser: "Other", system: "Other") }
        if let families = known.withLock({ $0[userAgent] }) { return families }
        let families = Families(browser: UserAgentFamily.browser(userAgent), system: UserAgentFamily.system(userAgent))
        known.withLock { known in
            if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
            known[userAgent] = families
        }
        return families
    }

    /// How many strings are kept (the tests' view of the bound).
    var count: Int { known.withLock { $0.count } }
}
