import Foundation

/// A front-matter date. Dates are read and shown in UTC so a build gives the same
/// bytes on every machine, whatever its time zone or locale.
public struct SiteDate: Sendable, Hashable, Comparable {
    public var date: Date
    /// Whether the source named a time of day, not only a day.
    public var hasTime: Bool

    public static func < (a: SiteDate, b: SiteDate) -> Bool { a.date < b.date }

    /// Parses `2026-05-04`, `2026-05-04T10:30:00Z`, `2026-05-04T10:30:00+02:00` and `2026-05-04 10:30:00`.
    public init?(parsing text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"#
        guard let match = text.range(of: pattern, options: .regularExpression), match == text.startIndex..<text.endIndex,
              let regex = try? NSRegularExpression(pattern: pattern),
              let result = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        func group(_ index: Int) -> String? {
            guard let range = Range(result.range(at: index), in: text) else { return nil }
            return String(text[range])
        }
        var components = DateComponents()
        components.year = Int(group(1)!)
        components.month = Int(group(2)!)
        components.day = Int(group(3)!)
        components.hour = group(4).flatMap { Int($0) } ?? 0
        components.minute = group(5).flatMap { Int($0) } ?? 0
        components.second = group(6).flatMap { Int($0) } ?? 0
        var offsetSeconds = 0
        if let zone = group(7), zone != "Z" {
            let digits = zone.dropFirst().replacingOccurrences(of: ":", with: "")
            let hours = Int(digits.prefix(2)) ?? 0, minutes = Int(digits.suffix(2)) ?? 0
            offsetSeconds = (hours * 3600 + minutes * 60) * (zone.hasPrefix("-") ? -1 : 1)
        }
        guard let month = components.month, (1...12).contains(month),
              let day = components.day, (1...31).contains(day),
              let hour = components.hour, hour < 24, let minute = components.minute, minute < 60
        else { return nil }
        components.timeZone = TimeZone(secondsFromGMT: offsetSeconds)
        guard let date = SiteDate.calendar.date(from: components),
              // Rejects 2026-02-31, which Calendar would roll over into March.
              SiteDate.calendar.dateComponents(in: components.timeZone!, from: date).day == day
        else { return nil }
        self.date = date
        self.hasTime = group(4) != nil
    }

    public init(_ date: Date, hasTime: Bool = true) {
        self.date = date
        self.hasTime = hasTime
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]

    private var utc: DateComponents {
        SiteDate.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    /// `2026-05-04`
    public var isoDay: String {
        let c = utc
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// `2026-05-04T10:30:00Z`, for sitemaps, feeds and `<time datetime>`.
    public var rfc3339: String {
        let c = utc
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// `May 4, 2026`, as legal pages print their dates.
    public var display: String {
        let c = utc
        return "\(SiteDate.monthNames[c.month! - 1]) \(c.day!), \(c.year!)"
    }
}
