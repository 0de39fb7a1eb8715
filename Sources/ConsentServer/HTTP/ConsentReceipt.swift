import PigmentModel

/// `GET /api/consent/{id}`: the visitor's current record, its keys at the top level, and under
/// `history` every record of theirs, oldest first, each in the record's own JSON shape.
struct ConsentReceipt: Encodable {
    var current: ConsentRecord
    var history: [ConsentRecord]

    private enum CodingKeys: String, CodingKey { case history }

    func encode(to encoder: any Encoder) throws {
        try current.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(history, forKey: .history)
    }
}
