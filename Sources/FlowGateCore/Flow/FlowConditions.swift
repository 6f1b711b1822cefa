import Foundation

/// The `conditions` of a webhook subscription: base64 of Business Central's JSON, turned into event conditions.
///
/// Documents send `{"HeaderConditions":[{"Name":"documentType","Value":"Order"}], "LinesConditions":[…]}`,
/// other records `{"Conditions":[…]}`. `Name` is a field of the record (or line) as the API names it,
/// `Value` a Business Central filter expression.
public enum FlowConditions {
    /// The conditions `text` holds; nil or empty text means none. Errors name what is wrong, as 400s.
    public static func decode(_ text: String?, for entitySet: EntitySet) throws -> EventConditions? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        guard let data = Data(base64Encoded: padded(text)) else {
            throw FlowGateError.validation(field: "conditions", "The conditions must be base64-encoded JSON.")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FlowGateError.validation(field: "conditions", "The conditions must be a base64-encoded JSON object.")
        }
        let known: Set<String> = ["HeaderConditions", "LinesConditions", "Conditions"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw FlowGateError.validation(
                field: "conditions", "Unknown key '\(unknown)' in the conditions; expected HeaderConditions, LinesConditions or Conditions."
            )
        }
        var header = try conditions(object["HeaderConditions"], key: "HeaderConditions")
        header += try conditions(object["Conditions"], key: "Conditions")
        let lines = try conditions(object["LinesConditions"], key: "LinesConditions")
        if !lines.isEmpty && !entitySet.isDocument {
            throw FlowGateError.validation(field: "conditions", "LinesConditions apply only to sales and purchase documents.")
        }
        let result = EventConditions(header: header, lines: lines)
        return result.isEmpty ? nil : result
    }

    private static func conditions(_ value: Any?, key: String) throws -> [FieldCondition] {
        guard let value else { return [] }
        guard let items = value as? [Any] else {
            throw FlowGateError.validation(field: "conditions", "\(key) must be an array of {\"Name\", \"Value\"} objects.")
        }
        return try items.enumerated().map { index, item in
            guard let pair = item as? [String: Any], let name = pair["Name"] as? String,
                  !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw FlowGateError.validation(field: "conditions", "\(key)[\(index)] needs a \"Name\" naming a field.")
            }
            let filter: String
            switch pair["Value"] {
            case let text as String: filter = text
            case let number as NSNumber: filter = number.stringValue
            default: throw FlowGateError.validation(field: "conditions", "\(key)[\(index)] (\(name)) needs a \"Value\" filter text.")
            }
            do {
                _ = try FilterExpression(parsing: filter)
            } catch let error as FilterParseError {
                throw FlowGateError.badRequest("invalid-filter", "\(key)[\(index)] (\(name)): \(error.detail)")
            }
            return FieldCondition(field: name, filter: filter)
        }
    }

    /// Platforms sometimes drop base64 padding; Foundation insists on it.
    private static func padded(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let remainder = trimmed.count % 4
        return remainder == 0 ? trimmed : trimmed + String(repeating: "=", count: 4 - remainder)
    }
}
