/// The "browser and operating system" the privacy policy names, reduced from a User-Agent header to
/// a family each (`Firefox`, `Android`), so the string itself, which can tell visitors apart, is
/// never stored. Order matters: Edge and Opera also say "Chrome", and Chrome also says "Safari".
public enum UserAgentFamily {
    public static func browser(_ userAgent: String?) -> String {
        guard let agent = userAgent else { return "Other" }
        for (token, family) in [("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"), ("Firefox/", "Firefox"),
                                ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
        where agent.contains(token) { return family }
        return "Other"
    }

    public static func system(_ userAgent: String?) -> String {
        guard let agent = userAgent else { return "Other" }
        for (token, family) in [("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"), ("CrOS", "ChromeOS"), ("Windows", "Windows"),
                                ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux")]
        where agent.contains(token) { return family }
        return "Other"
    }
}
