import FlowGateApp
import FlowGateCore
import Foundation
import HTTPTypes
import Hummingbird

/// An RFC 9457 problem document, the body of every error FlowGate answers with.
struct ProblemDocument: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String?
    var requestId: String?
    var errors: [FlowGateError.FieldError]?

    init(_ error: FlowGateError, instance: String?, requestId: String?) {
        self.init(status: error.kind.status, type: error.type, detail: error.detail, instance: instance, requestId: requestId)
        self.errors = error.errors.isEmpty ? nil : error.errors
    }

    /// A problem the HTTP layer answers itself, with a status no use case gives (405).
    init(status: HTTPResponse.Status, type: String, detail: String, instance: String?, requestId: String?) {
        self.type = type
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.instance = instance
        self.requestId = requestId
    }

    func response(headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        headers.append(contentsOf: extra)
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

extension FlowGateError.Kind {
    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .preconditionFailed: .preconditionFailed
        case .preconditionRequired: .init(code: 428, reasonPhrase: "Precondition Required")
        case .contentTooLarge: .contentTooLarge
        case .unavailable: .serviceUnavailable
        }
    }
}
