/// A parsed Business Central filter expression such as `>=1000`, `Open|Pending Approval` or `-CM..CM`.
///
/// Parse once (when a workflow condition is saved), evaluate many times with
/// ``matches(_:as:in:)``. It is stored as its source text, so a saved workflow shows
/// exactly what the user typed; decoding parses again and refuses invalid text.
public struct FilterExpression: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The filter text exactly as given.
    public let source: String
    /// The parsed shape; a function of `source`.
    public let root: FilterNode

    /// Parses filter text; the error says where it went wrong (1-based `position`).
    public init(parsing text: String) throws(FilterParseError) {
        source = text
        root = try FilterParser.parse(text)
    }

    /// Parses filter text, reporting failure as a `400 invalid-filter` ``FlowGateError``.
    public static func parse(_ text: String) throws(FlowGateError) -> FilterExpression {
        do {
            return try FilterExpression(parsing: text)
        } catch {
            throw error.flowGateError
        }
    }

    /// The empty filter: no filter is applied (Business Central shows "Always").
    public static let everything = FilterExpression(source: "", root: .anything)

    private init(source: String, root: FilterNode) {
        self.source = source
        self.root = root
    }

    /// True for the empty (or blank) filter, which every value passes.
    public var matchesEverything: Bool { root == .anything }

    public var description: String { source }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.detail)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }
}
