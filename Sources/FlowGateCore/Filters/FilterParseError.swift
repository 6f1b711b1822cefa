/// Why a filter text could not be parsed, and where (1-based character position).
public struct FilterParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The filter text as the user typed it.
    public var filter: String
    /// 1-based position of the offending character; `filter.count + 1` means "at the end".
    public var position: Int
    /// What is wrong, in lower case, for example `did not expect ')'`.
    public var message: String

    public init(filter: String, position: Int, message: String) {
        self.filter = filter
        self.position = position
        self.message = message
    }

    /// Modelled on Business Central's `The filter "…" is not valid …` runtime message (reference §6).
    public var detail: String {
        "The filter \"\(filter)\" is not valid: \(message) at position \(position)."
    }

    public var description: String { detail }

    /// The error the HTTP edge renders: `400`, problem type `invalid-filter`.
    public var flowGateError: FlowGateError {
        .badRequest("invalid-filter", detail)
    }
}
