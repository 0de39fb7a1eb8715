import Foundation
import PigmentModel

/// What the consent API needs to know about the site it serves.
public struct ConsentAPIConfiguration: Sendable {
    public var registry: ConsentRegistry { didSet { registryVersion = registry.version } }
    /// The registry's version, computed once: it hashes every category and cookie.
    public private(set) var registryVersion: String
    /// The privacy policy version in force, stored with records that do not name one.
    public var policyVersion: String?
    /// The site's own origin (`https://pigmentstudio.com`); browsers from any other origin are refused.
    public var siteOrigin: String?
    /// Mark the consent cookie `Secure` (the site is served over https).
    public var secureCookies: Bool
    /// The cookie's name and lifetimes, from the registry's `choiceCookie`.
    public var cookieName: String { registry.choiceCookie.name }
    /// How long a choice is remembered before the banner asks again (a month counted as 30 days).
    public var lifetimeAfterConsent: TimeInterval { TimeInterval(registry.choiceCookie.monthsAfterConsent) * 30 * 86_400 }
    public var lifetimeAfterRefusal: TimeInterval { TimeInterval(registry.choiceCookie.monthsAfterRefusal) * 30 * 86_400 }
    /// The server's clock, passed in so tests decide what "now" is.
    public var now: @Sendable () -> Date = { Date() }

    public init(registry: ConsentRegistry, policyVersion: String? = nil, siteOrigin: String? = nil, secureCookies: Bool = false) {
        self.registry = registry
        self.registryVersion = registry.version
        self.policyVersion = policyVersion
        self.siteOrigin = siteOrigin
        self.secureCookies = secureCookies
    }
}
