import PostgresNIO

/// An entry as PostgreSQL holds it: a row of `consent_record`. What the values mean is `LogRow`'s to
/// say, for every store; here only how they travel (text and smallint columns, NULL as NULL).
extension LogRow {
    /// The columns a query reads, in the order `init(postgres:)` expects.
    static let postgresSelectList = (["id"] + hashedColumns + ["prev_hash", "hash"]).joined(separator: ", ")

    init(postgres row: PostgresRow) throws {
        let cells = Array(row)
        guard cells.count == Self.hashedColumns.count + 3 else {
            throw StoreRefusal(reason: "a log query returned \(cells.count) columns, expected \(Self.hashedColumns.count + 3)")
        }
        self.init(position: try cells[0].decode(Int64.self),
                  values: try cells[1...Self.hashedColumns.count].map(StoredValue.init(postgres:)),
                  previousHash: try StoredValue(postgres: cells[cells.count - 2]),
                  hash: try StoredValue(postgres: cells[cells.count - 1]))
    }

    /// `INSERT … VALUES ($1, …), ($12, …) RETURNING id, prev_hash, hash` for these entries. The trigger
    /// gives each its place and hash; a copied entry (`hashes`) also sends its hash, which the trigger
    /// checks against its values.
    static func postgresInsert(_ entries: [[StoredValue]], hashes: [StoredValue]? = nil) -> PostgresQuery {
        let columns = hashedColumns + (hashes == nil ? [] : ["hash"])
        var bindings = PostgresBindings(capacity: entries.count * columns.count)
        var rows: [String] = []
        rows.reserveCapacity(entries.count)
        for (index, values) in entries.enumerated() {
            let first = bindings.count
            for value in values { value.bind(into: &bindings) }
            hashes?[index].bind(into: &bindings)
            rows.append("(" + (first + 1...bindings.count).map { "$\($0)" }.joined(separator: ", ") + ")")
        }
        return PostgresQuery(
            unsafeSQL: "INSERT INTO consent_record (\(columns.joined(separator: ", "))) VALUES \(rows.joined(separator: ", ")) RETURNING id, prev_hash, hash",
            binds: bindings)
    }
}

extension StoredValue {
    init(postgres cell: PostgresCell) throws {
        guard cell.bytes != nil else { self = .null; return }
        switch cell.dataType {
        case .int2: self = .integer(Int64(try cell.decode(Int16.self)))
        case .int4: self = .integer(Int64(try cell.decode(Int32.self)))
        case .int8: self = .integer(try cell.decode(Int64.self))
        case .bytea: self = .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
        default: self = .text(try cell.decode(String.self))
        }
    }

    /// Integers go to smallint columns (`gpc`); the database casts nothing else.
    func bind(into bindings: inout PostgresBindings) {
        switch self {
        case .null: bindings.appendNull()
        case .integer(let number): bindings.append(Int16(clamping: number))
        case .real(let number): bindings.append(number)
        case .text(let text): bindings.append(text)
        case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
        }
    }
}
