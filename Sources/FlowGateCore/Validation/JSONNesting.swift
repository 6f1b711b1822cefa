/// How deeply JSON text nests arrays and objects, measured before it is decoded.
///
/// Decoding into ``JSONValue`` costs far more than linear time in the nesting depth (each level's failed
/// attempts at the other kinds are paid again on every level above): 512 levels, a 1 KB body, took about
/// two seconds. No request body nests anywhere near ``maximumDepth``, so deeper text is refused unread.
public enum JSONNesting {
    public static let maximumDepth = 64

    /// Whether `bytes` nest `[` and `{` deeper than `limit`, outside strings. One pass, stopping at the first
    /// level past the limit; malformed text is left to the decoder.
    public static func exceeds(_ limit: Int = maximumDepth, in bytes: some Sequence<UInt8>) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default:
                break
            }
        }
        return false
    }
}
