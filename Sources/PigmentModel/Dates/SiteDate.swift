import Foundation

/// A front-matter date. Dates are read and shown in UTC so a build gives the same
/// bytes on every machine, whatever its time zone or locale.
public struct SiteDate: Sendable, Hashable, Comparable {
    public var date: Date
    /// Whether the source named a time of day, not only a day.
    public var hasTime: Bool

    public static func < (a: SiteDate, b: SiteDate) -> Bool { a.date < b.date }

    /// Parses `2026-05-04`, `2026-05-04T10:30:00Z`, `2026-05-04T10:30:00+02:00`, `2026-05-04 10:30:00` and
    /// Jekyll's `2026-05-04 10:30:00 +0200`.
    /// By hand rather than with a regular expression and `Calendar`: every page has dates, and this
    /// was a tenth of a 10,000-page build.
    public init?(parsing text: String) {
        var scanner = DateScanner(text)
        guard let year = scanner.digits(4), scanner.take("-"), let month = scanner.digits(2), scanner.take("-"),
              let day = scanner.digits(2) else { return nil }
        var hour = 0, minute = 0, second = 0, offsetSeconds = 0
        let hasTime = !scanner.atEnd
        if hasTime {
            guard scanner.take("T") || scanner.take(" "), let h = scanner.digits(2), scanner.take(":"), let m = scanner.digits(2)
            else { return nil }
            (hour, minute) = (h, m)
            if scanner.take(":") {
                guard let s = scanner.digits(2) else { return nil }
                second = s
                if scanner.take("."), scanner.skipDigits() == 0 { return nil }
            }
            // Jekyll writes the offset after a space: `2026-05-04 10:30:00 +0200`.
            if !scanner.atEnd { _ = scanner.take(" ") }
            if !scanner.take("Z"), let sign = scanner.take("+") ? 1 : scanner.take("-") ? -1 : nil {
                guard let hours = scanner.digits(2) else { return nil }
                _ = scanner.take(":")
                guard let minutes = scanner.digits(2) else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            }
        }
        guard scanner.atEnd, (1...12).contains(month), day >= 1, day <= CivilDate.days(inMonth: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        self.date = Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds))
        self.hasTime = hasTime
    }

    public init(_ date: Date, hasTime: Bool = true) {
        self.date = date
        self.hasTime = hasTime
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]

    private var utc: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, time) = (seconds.floorDivided(by: 86_400), seconds.floorModulo(86_400))
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        return (year, month, day, time / 3600, time % 3600 / 60, time % 60)
    }

    /// `2026-05-04`
    public var isoDay: String {
        let c = utc
        return Self.digits([(c.year, 4), (c.month, 2), (c.day, 2)], between: [UInt8(ascii: "-"), UInt8(ascii: "-")])
            ?? "\(c.year.padded(4))-\(c.month.padded(2))-\(c.day.padded(2))"
    }

    /// `2026-05-04T10:30:00Z`, for sitemaps, feeds and `<time datetime>`.
    public var rfc3339: String {
        let c = utc
        let separators: [UInt8] = Array("--T::Z".utf8)
        return Self.digits([(c.year, 4), (c.month, 2), (c.day, 2), (c.hour, 2), (c.minute, 2), (c.second, 2)], between: separators)
            ?? "\(c.year.padded(4))-\(c.month.padded(2))-\(c.day.padded(2))T\(c.hour.padded(2)):\(c.minute.padded(2)):\(c.second.padded(2))Z"
    }

    /// Zero-padded numbers with a byte after each (none after the last unless given), written into the
    /// string's own storage: a sitemap prints 10,000 dates, and interpolating padded strings took
    /// about 1 µs a date. Nil for a number too wide for its field (a year past 9999), left to the slow way.
    private static func digits(_ fields: [(value: Int, width: Int)], between separators: [UInt8]) -> String? {
        guard fields.allSatisfy({ $0.value >= 0 && $0.width <= 4 && $0.value < [1, 10, 100, 1_000, 10_000][$0.width] }) else { return nil }
        let length = fields.reduce(0) { $0 + $1.width } + separators.count
        return String(unsafeUninitializedCapacity: length) { buffer in
            var at = 0
            for (index, field) in fields.enumerated() {
                var value = field.value
                for position in stride(from: at + field.width - 1, through: at, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                at += field.width
                if index < separators.count {
                    buffer[at] = separators[index]
                    at += 1
                }
            }
            return at
        }
    }

    /// `May 4, 2026`, as legal pages print their dates.
    public var display: String {
        let c = utc
        return "\(SiteDate.monthNames[c.month - 1]) \(c.day), \(c.year)"
    }
}

/// Reads a date's text byte by byte, ignoring spaces around it.
private struct DateScanner {
    private let bytes: [UInt8]
    private var index: Int
    private let end: Int

    init(_ text: String) {
        bytes = Array(text.utf8)
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        (index, self.end) = (start, end)
    }

    var atEnd: Bool { index == end }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < end, bytes[index] == UInt8(character.value) else { return false }
        index += 1
        return true
    }

    mutating func digits(_ count: Int) -> Int? {
        guard end - index >= count else { return nil }
        var value = 0
        for _ in 0..<count {
            let byte = bytes[index]
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
            index += 1
        }
        return value
    }

    mutating func skipDigits() -> Int {
        let start = index
        while index < end, (0x30...0x39).contains(bytes[index]) { index += 1 }
        return index - start
    }
}

private extension Int {
    /// Zero-padded to `width` digits.
    func padded(_ width: Int) -> String {
        let digits = String(self)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
