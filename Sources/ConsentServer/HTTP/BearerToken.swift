/// The token in an `Authorization: Bearer <token>` header. The scheme's name is case-insensitive
/// (RFC 9110 §11.1), so `bearer` and `BEARER` are the same scheme.
enum BearerToken {
    static func presented(in header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].drop { $0 == " " }
        return token.isEmpty ? nil : String(token)
    }
}
