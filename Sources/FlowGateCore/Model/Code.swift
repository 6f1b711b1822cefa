import Foundation

/// Business Central codes (user names, salesperson codes, group codes) are upper-case and bounded.
public enum Code {
    /// Upper-cases and trims a code, or reports why it is unusable.
    public static func normalize(_ raw: String, field: String, maxLength: Int = 50) throws -> String {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        if code.isEmpty { throw FlowGateError.validation(field: field, "must not be blank") }
        if code.count > maxLength {
            throw FlowGateError.validation(field: field, "must be at most \(maxLength) characters")
        }
        if code.contains(where: { $0.isNewline || $0 == "/" || $0 == "?" || $0 == "#" }) {
            throw FlowGateError.validation(field: field, "must not contain '/', '?', '#' or line breaks")
        }
        return code
    }
}
