import Foundation
import PigmentModel

/// A page event as a row of `page_event`, the same in SQLite and PostgreSQL: every column is text or
/// null, so one list of values binds in both.
extension PageEvent {
    static let columns = ["visitor", "consent_id", "recorded_at", "day", "kind", "name", "path", "referrer_host", "device", "language", "browser", "system"]

    /// The values in `columns`' order.
    var rowValues: [String?] {
        let time = LogTimestamp.text(recordedAt)
        return [visitor, consentID, time, String(time.prefix(10)), kind.rawValue, name, path, referrerHost, device?.rawValue, language, browser, system]
    }

    /// Reads a row given as values in `columns`' order; an unknown kind or device reads as nil.
    init(rowValues values: [String?]) {
        self.init(visitor: values[0] ?? "", consentID: values[1], recordedAt: values[2].flatMap(LogTimestamp.date) ?? .distantPast,
                  kind: values[4].flatMap(Kind.init) ?? .pageview, name: values[5], path: values[6] ?? "",
                  referrerHost: values[7], device: values[8].flatMap(Device.init), language: values[9], browser: values[10] ?? "", system: values[11] ?? "")
    }
}
