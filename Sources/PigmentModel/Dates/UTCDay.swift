import Foundation

/// A day named in a query (`2026-05-04`), as midnight UTC; nil unless the day exists.
public enum UTCDay {
    public static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        let fields = [0..<4, 5..<7, 8..<10].map { range -> Int? in
            bytes[range].allSatisfy { (0x30...0x39).contains($0) } ? Int(String(decoding: bytes[range], as: UTF8.self)) : nil
        }
        guard let year = fields[0], let month = fields[1], let day = fields[2],
              (1...12).contains(month), (1...CivilDate.days(inMonth: month, year: year)).contains(day) else { return nil }
        return Date(timeIntervalSince1970: Double(CivilDate.daysSinceEpoch(year: year, month: month, day: day) * 86_400))
    }

    /// `2026-05-04` for the UTC day the date falls in.
    public static func text(_ date: Date) -> String {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        return text(daysSinceEpoch: days)
    }

    static func text(daysSinceEpoch days: Int) -> String {
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// Every day from `from` through `to` (both `2026-05-04`), at most `limit` of them; empty when
    /// either is not a day or `to` comes first.
    public static func days(from: String, to: String, limit: Int = 3660) -> [String] {
        guard let start = date(from), let end = date(to), start <= end else { return [] }
        let first = Int(start.timeIntervalSince1970 / 86_400), last = Int(end.timeIntervalSince1970 / 86_400)
        return (first...min(last, first + limit - 1)).map { text(daysSinceEpoch: $0) }
    }
}
