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
}
