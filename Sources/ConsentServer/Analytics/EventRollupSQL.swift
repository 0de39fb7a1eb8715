/// The SQL both event stores share (SQLite and PostgreSQL read it alike): a day's events reduced to
/// one row per dimension and value, with the count and the distinct visitors. The rollup table keeps
/// these rows for whole days, so the dashboard reads a few hundred rows a day, not every event.
enum EventRollupSQL {
    /// `dimension = 'total'` rows carry a day's page views and visitors; the others are the tables.
    static let total = "total"

    /// Rows `(day, dimension, value, count, visitors)` of the events that match `condition` (a
    /// boolean SQL expression over `page_event`'s columns, with the caller's placeholders).
    static func aggregate(where condition: String) -> String {
        func grouped(_ dimension: String, _ value: String, kind: String, extra: String = "") -> String {
            """
            SELECT day, '\(dimension)', \(value), COUNT(*), COUNT(DISTINCT visitor) FROM page_event
            WHERE kind = '\(kind)' AND (\(condition))\(extra) GROUP BY day\(value == "''" ? "" : ", " + value)
            """
        }
        return [
            grouped(total, "''", kind: "pageview"),
            grouped("page", "path", kind: "pageview"),
            grouped("referrer", "referrer_host", kind: "pageview", extra: " AND referrer_host IS NOT NULL"),
            grouped("browser", "browser", kind: "pageview"),
            grouped("system", "system", kind: "pageview"),
            grouped("device", "COALESCE(device, 'unknown')", kind: "pageview"),
            grouped("event", "name", kind: "event"),
        ].joined(separator: "\nUNION ALL\n")
    }

    /// The rows of the days `from` through `to`: rolled-up days from `event_rollup`, the others
    /// computed from the events. The placeholders are the caller's (`:from` in SQLite, `$1` in PostgreSQL).
    private static func daily(from: String, to: String) -> String {
        """
        WITH daily(day, dimension, value, events, visitors) AS (
        SELECT day, dimension, value, events, visitors FROM event_rollup WHERE day BETWEEN \(from) AND \(to)
        UNION ALL
        \(aggregate(where: "day BETWEEN \(from) AND \(to) AND day NOT IN (SELECT day FROM event_rollup_day WHERE day BETWEEN \(from) AND \(to))"))
        )
        """
    }

    /// `(day, events, visitors)`: page views and visitors per day that has any.
    static func days(from: String, to: String) -> String {
        daily(from: from, to: to) + "\nSELECT day, events, visitors FROM daily WHERE dimension = '\(total)' ORDER BY day"
    }

    /// `(dimension, value, events, visitors)`: each dimension's `limit` largest values over the range.
    static func tables(from: String, to: String, limit: String) -> String {
        daily(from: from, to: to) + """

        SELECT dimension, value, events, visitors FROM (
            SELECT dimension, value, CAST(SUM(events) AS BIGINT) AS events, CAST(SUM(visitors) AS BIGINT) AS visitors,
                   ROW_NUMBER() OVER (PARTITION BY dimension ORDER BY SUM(events) DESC, value) AS rank
            FROM daily WHERE dimension <> '\(total)' GROUP BY dimension, value
        ) AS ranked WHERE rank <= \(limit) ORDER BY dimension, rank
        """
    }

    /// Rolls up the day named by the placeholder `day`.
    static func rollUp(day: String) -> String {
        "INSERT INTO event_rollup (day, dimension, value, events, visitors)\n" + aggregate(where: "day = \(day)")
    }

    static let rollupSchema = """
        CREATE TABLE event_rollup (
            day TEXT NOT NULL,
            dimension TEXT NOT NULL,
            value TEXT NOT NULL,
            events INTEGER NOT NULL,
            visitors INTEGER NOT NULL,
            PRIMARY KEY (day, dimension, value)
        );
        CREATE TABLE event_rollup_day (day TEXT PRIMARY KEY, rolled_up_at TEXT NOT NULL);
        """
}
