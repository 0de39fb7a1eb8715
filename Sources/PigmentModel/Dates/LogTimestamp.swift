import Foundation

/// How the log writes a moment: fixed-width UTC with milliseconds (`2026-05-04T10:30:00.250Z`), which
/// sorts as it reads and compares correctly as text in SQL. Used by the stores, the API and the CSV.
public enum LogTimestamp {
    public static func text(_ date: Date) -> String {
        // By arithmetic rather than Calendar and String(format:), which cost more than the insert itself.
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = milliseconds.floorDivided(by: 1000)
        let days = seconds.floorDivided(by: 86_400)
        let time = seconds - days * 86_400
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        let fields = [(year, 4), (month, 2), (day, 2), (time / 3600, 2), (time % 3600 / 60, 2), (time % 60, 2), (milliseconds - seconds * 1000, 3)]
        guard (0...9999).contains(year) else { return paddedParts(fields) }
        // Into one 24-byte string: interpolating padded parts took as long as SQLite's insert of the
        // event it dates (perf under wrk on `POST /api/events`, 2026-12-01).
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var end = 0
            for ((value, width), separator) in zip(fields, Self.separators) {
                var rest = value
                for index in stride(from: end + width - 1, through: end, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                buffer[end + width] = separator
                end += width + 1
            }
            return end
        }
    }

    /// What follows each field: `2026-05-04T10:30:00.250Z`.
    private static let separators: [UInt8] = Array("--T::.Z".utf8)

    /// A year outside 0–9999, which no clock of the log's gives, written as it comes.
    private static func paddedParts(_ fields: [(Int, Int)]) -> String {
        zip(fields, separators).map { field, separator in
            let text = String(field.0)
            return String(repeating: "0", count: max(0, field.1 - text.count)) + text + String(UnicodeScalar(separator))
        }.joined()
    }

    /// The moment `text(_:)` wrote, or nil for any other text: a real date and time of day, every
    /// digit in place. Nothing is guessed, so a row the server did not write is found, not misread.
    public static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        let separators: [(Int, Character)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (23, "Z")]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1.asciiValue }),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let millisecond = number(20..<23),
              (1...12).contains(month), (1...CivilDate.days(inMonth: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        // Whole seconds, then the milliseconds added: the same Double a Date made that way holds.
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
            .addingTimeInterval(Double(millisecond) / 1000)
    }
}
