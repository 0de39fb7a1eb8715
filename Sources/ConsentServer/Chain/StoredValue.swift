/// One column's value as a store holds it, with its type: the chain hashes the type too, so a row
/// that holds the integer 1 where the server wrote the text "1" no longer matches its hash.
public enum StoredValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    var text: String? { if case .text(let text) = self { text } else { nil } }
}
