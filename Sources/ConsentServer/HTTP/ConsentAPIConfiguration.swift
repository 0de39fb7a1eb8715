import Foundation
import PigmentModel

/// What the consent API needs to know about the site it serves.
public struct ConsentAPIConfiguration: Sendable {
    public var registry: ConsentRegistry { didSet { registryVersion = registry.version } }
    /// The registry's version, computed once: it hashes every category and cookie.
    public private(set) var registryVersion: String
    /// The privacy policy version in force, stored with records that do not name one.
    public var policyVersion: String?
    /// The site's own origin (`https://pigmentstudio.com`): allowed to call the API, like `allowedOrigins`.
    public var siteOrigin: String? { didSet { crossOrigin = Self.policy(siteOrigin, allowedOrigins) } }
    /// Other origins whose pages call the API (`https://www.example.com` when the API is on its own origin).
    public var allowedOrigins: [String] { didSet { crossOrigin = Self.policy(siteOrigin, allowedOrigins) } }
    /// `siteOrigin` and `allowedOrigins`, the browser origins besides the server's own that may call the API.
    public private(set) var crossOrigin: CrossOriginPolicy
    /// The choice cookie's `Domain` (`example.com`), so pages on another host of the site can read it; nil: host-only.
    public var cookieDomain: String?
    /// Mark the consent cookie `Secure` (the site is served over https).
    public var secureCookies: Bool
    /// The cookie's name and lifetimes, from the registry's `choiceCookie`.
    public var cookieName: String { registry.choiceCookie.name }
    /// How long a choice is remembered before the banner asks again (a month counted as 30 days).
    public var lifetimeAfterConsent: TimeInterval { TimeInterval(registry.choiceCookie.monthsAfterConsent) * 30 * 86_400 }
    public var lifetimeAfterRefusal: TimeInterval { TimeInterval(registry.choiceCookie.monthsAfterRefusal) * 30 * 86_400 }
    /// The server's clock, passed in so tests decide what "now" is.
    public var now: @Sendable () -> Date = { Date() }

    public init(registry: ConsentRegistry, policyVersion: String? = nil, siteOrigin: String? = nil, allowedOrigins: [String] = [],
                cookieDomain: String? = nil, secureCookies: Bool = false) {
        self.registry = registry
        self.registryVersion = registry.version
        self.policyVersion = policyVersion
        self.siteOrigin = siteOrigin
        self.allowedOrigins = allowedOrigins
        self.crossOrigin = Self.policy(siteOrigin, allowedOrigins)
        self.cookieDomain = cookieDomain
        self.secureCookies = secureCookies
    }

    private static func policy(_ siteOrigin: String?, _ allowedOrigins: [String]) -> CrossOriginPolicy {
        CrossOriginPolicy(allowedOrigins: (siteOrigin.map { [$0] } ?? []) + allowedOrigins)
    }
}
