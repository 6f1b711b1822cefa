import Foundation

extension UUID {
    /// `uuidString.lowercased()`, the form FlowGate's URLs, keys and responses use.
    ///
    /// Foundation formats `uuidString` with `snprintf`, which showed up at 2–4 % of a send's CPU in profiles
    /// (every stored row, payload and response carries several ids); this writes the hex digits directly.
    public var lowercasedString: String { text(digits: Self.lowercaseDigits) }

    /// The same characters as `uuidString` (upper case), which is what `JSONEncoder` writes for a UUID.
    public var uppercasedString: String { text(digits: Self.uppercaseDigits) }

    private static let lowercaseDigits = Array("0123456789abcdef".utf8)
    private static let uppercaseDigits = Array("0123456789ABCDEF".utf8)

    private func text(digits: [UInt8]) -> String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { output in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        output[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    output[position] = digits[Int(byte >> 4)]
                    output[position + 1] = digits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }
}
