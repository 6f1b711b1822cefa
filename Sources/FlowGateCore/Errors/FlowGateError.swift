/// A failure a caller can act on: what kind it is, a stable problem type and a human detail.
///
/// The HTTP edge renders it as `application/problem+json`; the command line prints `detail`.
public struct FlowGateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure; it decides the HTTP status.
    public enum Kind: String, Sendable, Equatable {
        case badRequest, unauthorized, forbidden, notFound, conflict, preconditionFailed, preconditionRequired, contentTooLarge, unavailable
    }

    /// One offending input field and what is wrong with it.
    public struct FieldError: Sendable, Equatable, Codable {
        public var field: String
        public var message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var kind: Kind
    /// Stable problem type slug, for example `validation-failed` or `no-approval-workflow`.
    public var type: String
    public var detail: String
    public var errors: [FieldError]

    public init(_ kind: Kind, type: String, detail: String, errors: [FieldError] = []) {
        self.kind = kind
        self.type = type
        self.detail = detail
        self.errors = errors
    }

    public var description: String { detail }
}

extension FlowGateError {
    /// Input that breaks a rule; `errors` names each field.
    public static func validation(_ errors: [FieldError]) -> FlowGateError {
        let detail = errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        return FlowGateError(.badRequest, type: "validation-failed", detail: detail, errors: errors)
    }

    public static func validation(field: String, _ message: String) -> FlowGateError {
        validation([FieldError(field: field, message: message)])
    }

    public static func badRequest(_ type: String, _ detail: String) -> FlowGateError {
        FlowGateError(.badRequest, type: type, detail: detail)
    }

    public static func notFound(_ detail: String) -> FlowGateError {
        FlowGateError(.notFound, type: "not-found", detail: detail)
    }

    public static func conflict(_ type: String = "conflict", _ detail: String) -> FlowGateError {
        FlowGateError(.conflict, type: type, detail: detail)
    }

    public static func forbidden(_ detail: String) -> FlowGateError {
        FlowGateError(.forbidden, type: "forbidden", detail: detail)
    }

    public static func versionMismatch(current: Int) -> FlowGateError {
        FlowGateError(
            .preconditionFailed, type: "version-mismatch",
            detail: "The resource has changed since it was read (current ETag \"\(current)\"); read it again and retry."
        )
    }
}

/// Collects field errors so a caller sees every problem of an input at once.
public struct ValidationErrors: Sendable {
    public private(set) var errors: [FlowGateError.FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        errors.append(.init(field: field, message: message))
    }

    public func throwIfAny() throws {
        if !errors.isEmpty { throw FlowGateError.validation(errors) }
    }
}
