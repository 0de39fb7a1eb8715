/// Consent ids: 128 random bits as 32 lowercase hex digits. The server makes them; holding one is
/// what lets a visitor change, withdraw or read their own choices, so they must not be guessable.
public enum ConsentID {
    /// A random UUID (version 4: 122 bits from the system's secure generator) as 32 hex digits, so the
    /// server's ids pass the same check as the ones clients make (`isAcceptableClientChosen`).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let high: UInt64 = generator.next() & ~0xF000 | 0x4000
        let low: UInt64 = generator.next() & ~(0xC << 60) | (0x8 << 60)
        return hex(high, low)
    }

    /// 32 lowercase hex digits, high word first, written into one string (no per-word strings to pad and join).
    static func hex(_ high: UInt64, _ low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { digits in
            for (word, value) in [high, low].enumerated() {
                for nibble in 0..<16 {
                    let digit = UInt8((value >> (60 - 4 * UInt64(nibble))) & 0xF)
                    digits[word * 16 + nibble] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
                }
            }
            return 32
        }
    }

    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// A UUID (`3F2504E0-4F89-41D3-9A0C-0305E82C3301`, as vanilla-cookieconsent makes them) or 32 hex
    /// digits in either case, as the 32 lowercase digits the log keeps; nil for anything else.
    public static func normalized(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        let digits: [UInt8]
        if bytes.count == 36 {
            guard [8, 13, 18, 23].allSatisfy({ bytes[$0] == UInt8(ascii: "-") }) else { return nil }
            digits = bytes.enumerated().filter { ![8, 13, 18, 23].contains($0.offset) }.map(\.element)
        } else if bytes.count == 32 {
            digits = bytes
        } else {
            return nil
        }
        var lowercase = [UInt8]()
        lowercase.reserveCapacity(32)
        for byte in digits {
            switch byte {
            case 48...57, 97...102: lowercase.append(byte)
            case 65...70: lowercase.append(byte + 32)
            default: return nil
            }
        }
        return String(decoding: lowercase, as: UTF8.self)
    }

    /// Whether an id a client made itself may open a new log under it (vanilla-cookieconsent makes its
    /// own): only a random UUID, version 4 with RFC 9562's variant bits, whose 122 random bits use at
    /// least 6 different hex digits. A real random id fails that with a chance of about 3 in 10^12;
    /// all zeros, one repeated digit and similar hand-made ids fail it always. Anything else is ignored
    /// and the server makes the id, so two visitors never share a log because one of them chose its id.
    public static func isAcceptableClientChosen(_ id: String) -> Bool {
        let digits = Array(id.utf8)
        guard isValid(id), digits[12] == UInt8(ascii: "4"), [UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(digits[16])
        else { return false }
        let random = digits.enumerated().filter { $0.offset != 12 && $0.offset != 16 }.map(\.element)
        return Set(random).count >= 6
    }
}
