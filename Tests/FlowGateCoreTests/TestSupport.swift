import Foundation
import Testing

@testable import FlowGateCore

/// Parses a JSON object as a client would send it, so tests read like request bodies.
func jsonObject(_ text: String) throws -> [String: JSONValue] {
    let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    guard case .object(let object) = value else {
        throw FlowGateError.badRequest("test", "not a JSON object: \(text)")
    }
    return object
}

/// An exact decimal from its text, never through a Double literal.
func decimal(_ text: String) -> Decimal {
    guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
        preconditionFailure("not a decimal: \(text)")
    }
    return value
}

/// The fields named by a validation error, in order.
func fieldNames(_ error: FlowGateError?) -> [String] {
    error?.errors.map(\.field) ?? []
}

/// The message given for one field, if any.
func message(_ error: FlowGateError?, for field: String) -> String? {
    error?.errors.first(where: { $0.field == field })?.message
}

let fixedDate = Date(timeIntervalSince1970: 1_750_000_000)
