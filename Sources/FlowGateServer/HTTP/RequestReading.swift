import FlowGateApp
import FlowGateCore
import Foundation
import Hummingbird
import NIOCore

/// Reading what a client sent: JSON bodies within the size limit, path parameters, query, If-Match.
extension Request {
    /// The body as a JSON object; anything else is a 4xx with a precise detail.
    func jsonObject(limit: Int) async throws -> [String: JSONValue] {
        if let type = headers[.contentType], !type.lowercased().contains("json") {
            throw FlowGateError(.badRequest, type: "unsupported-media-type", detail: "Content-Type must be application/json, not '\(type)'.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw FlowGateError(.contentTooLarge, type: "body-too-large", detail: "The request body is larger than \(limit) bytes.")
        }
        if buffer.readableBytes == 0 {
            throw FlowGateError.badRequest("malformed-json", "The request body is empty; a JSON object is expected.")
        }
        if JSONNesting.exceeds(in: buffer.readableBytesView) {
            throw FlowGateError.badRequest(
                "malformed-json", "The request body nests arrays and objects deeper than \(JSONNesting.maximumDepth) levels."
            )
        }
        let data = Data(buffer: buffer)
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            // Valid JSON can still hold a number no Decimal holds (1e400, 1e-400, 1.5e300): name it, as for any bad field.
            if let field = UnkeepableNumber.field(in: data) {
                throw FlowGateError.validation(field: field, "is a number too large or too small to keep exactly as a decimal")
            }
            throw FlowGateError.badRequest("malformed-json", "The request body is not valid JSON: \(Self.describe(error))")
        }
        guard case .object(let object) = value else {
            throw FlowGateError.badRequest("malformed-json", "The request body must be a JSON object, not \(value.typeName).")
        }
        return object
    }

    /// The body as a JSON object, or an empty object when there is no body (optional bodies).
    func optionalJSONObject(limit: Int) async throws -> [String: JSONValue] {
        if headers[.contentLength] == "0" { return [:] }
        var copy = self
        let buffer = try await copy.collectBody(upTo: limit)
        if buffer.readableBytes == 0 { return [:] }
        return try await copy.jsonObject(limit: limit)
    }

    /// `If-Match` as a version precondition. A value that names no version of ours never matches.
    var versionPrecondition: VersionPrecondition {
        guard let raw = headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return .none }
        if raw == "*" { return .exists }
        var tag = raw.hasPrefix("W/") ? String(raw.dropFirst(2)) : raw
        tag = tag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return .version(Int(tag) ?? -1)
    }

    /// A query parameter naming one case of `Option` (any letter case); nil when absent, 400 when it names none.
    func queryOption<Option: RawRepresentable & CaseIterable>(_ name: String, _ type: Option.Type) throws -> Option?
    where Option.RawValue == String {
        guard let raw = uri.queryParameters.get(name) else { return nil }
        guard let option = Option.allCases.first(where: { $0.rawValue.lowercased() == raw.lowercased() }) else {
            let allowed = Option.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw FlowGateError.validation(field: name, "'\(raw)' is not one of \(allowed)")
        }
        return option
    }

    /// A query parameter holding a UUID; nil when absent, 400 when it is not one.
    func queryUUID(_ name: String) throws -> UUID? {
        guard let raw = uri.queryParameters.get(name) else { return nil }
        guard let id = UUID(uuidString: raw) else { throw FlowGateError.validation(field: name, "'\(raw)' is not a UUID") }
        return id
    }

    /// A query parameter holding `true` or `false`; nil when absent, 400 otherwise.
    func queryBool(_ name: String) throws -> Bool? {
        guard let raw = uri.queryParameters.get(name) else { return nil }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default: throw FlowGateError.validation(field: name, "'\(raw)' is not true or false")
        }
    }

    /// `?limit=&cursor=`.
    func pageRequest() throws -> PageRequest {
        try PageRequest(limit: uri.queryParameters.get("limit"), cursor: uri.queryParameters.get("cursor"))
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}

/// Finds where a body that parsed as JSON holds a number `JSONValue` cannot keep, which fails its whole decoding
/// with no position. Only numbers are named; any other failure (an unpaired surrogate escape) is left to the caller.
private struct UnkeepableNumber: Decodable {
    private struct Found: Error {
        var path: [any CodingKey]
    }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The field as problem documents name it (`payload.items[2].price`), or nil when no such number was found.
    static func field(in data: Data) -> String? {
        do {
            _ = try JSONDecoder().decode(Self.self, from: data)
            return nil
        } catch let found as Found {
            let field = found.path.reduce(into: "") { field, key in
                if key is MemberKey {
                    field += field.isEmpty ? key.stringValue : ".\(key.stringValue)"
                } else if let index = key.intValue {
                    field += "[\(index)]"
                }
            }
            return field.isEmpty ? nil : field
        } catch {
            return nil
        }
    }

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if value.decodeNil() || (try? value.decode(Bool.self)) != nil || (try? value.decode(Decimal.self)) != nil { return }
        if try Self.ifOfThatType({ try value.decode(String.self) }) != nil { return }
        if let object = try Self.ifOfThatType({ try decoder.container(keyedBy: MemberKey.self) }) {
            for key in object.allKeys { _ = try object.decode(Self.self, forKey: key) }
            return
        }
        if var array = try Self.ifOfThatType({ try decoder.unkeyedContainer() }) {
            while !array.isAtEnd { _ = try array.decode(Self.self) }
            return
        }
        // Not null, a boolean, a string, an object or an array, nor a number Decimal holds.
        throw Found(path: decoder.codingPath)
    }

    /// The value, or nil when the JSON there is of another type; any other failure is thrown.
    private static func ifOfThatType<T>(_ read: () throws -> T) throws -> T? {
        do {
            return try read()
        } catch DecodingError.typeMismatch {
            return nil
        }
    }
}

extension Parameters {
    /// A path parameter as the client meant it: the router matches the raw path, so `ANNA%20MARIA` arrives
    /// encoded and means `ANNA MARIA`. Text that is not valid percent-encoding (`50% off`) is taken as it is.
    func text(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// A path parameter that must be a UUID, with a clear 400 otherwise.
    func uuid(_ name: String) throws -> UUID {
        let raw = try text(name)
        guard let id = UUID(uuidString: raw) else {
            throw FlowGateError.validation(field: name, "'\(raw)' is not a UUID")
        }
        return id
    }
}

extension String {
    /// This text as one segment of a URL path (`ANNA MARIA` → `ANNA%20MARIA`), for `Location` headers.
    var pathSegment: String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}

/// JSON responses with the project's encoder: RFC 3339 dates and sorted keys.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, etag: Int? = nil, location: String? = nil) throws -> Response {
        response(try encoder.encode(value), status: status, etag: etag, location: location)
    }

    /// The same bytes as the encoder makes, written directly (`JSONValue.jsonBytes`): most responses are `JSONValue`.
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok, etag: Int? = nil, location: String? = nil) -> Response {
        response(value.jsonBytes, status: status, etag: etag, location: location)
    }

    private static func response(
        _ bytes: some Sequence<UInt8>, status: HTTPResponse.Status, etag: Int?, location: String?
    ) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let etag { headers[.eTag] = "\"\(etag)\"" }
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A list as the API shows it: `value`, and `nextCursor`, always present and null on the last page.
    static func list(_ items: [JSONValue], nextCursor: String? = nil) -> Response {
        make(.object(["value": .array(items), "nextCursor": nextCursor.map(JSONValue.string) ?? .null]))
    }

    static func noContent() -> Response { Response(status: .noContent) }
}
