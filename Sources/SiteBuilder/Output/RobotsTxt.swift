/// `robots.txt`: everything may be crawled; the sitemap is named so crawlers find it.
enum RobotsTxt {
    static func text(sitemapURL: String) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(sitemapURL)\n"
    }
}
