import Foundation

/// Which slice of a list to return: at most `limit` items after an opaque cursor.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 1000

    public var limit: Int
    /// Position after which the page starts; nil for the first page.
    public var after: Int64?

    public init(limit: Int = PageRequest.defaultLimit, after: Int64? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Parses `?limit=` and `?cursor=` as a client sends them.
    public init(limit rawLimit: String?, cursor: String?) throws {
        var limit = PageRequest.defaultLimit
        if let rawLimit {
            guard let value = Int(rawLimit), (1...PageRequest.maximumLimit).contains(value) else {
                throw FlowGateError.validation(field: "limit", "must be an integer from 1 to \(PageRequest.maximumLimit), not '\(rawLimit)'")
            }
            limit = value
        }
        var after: Int64?
        if let cursor {
            guard let position = PageCursor.decode(cursor) else {
                throw FlowGateError.validation(field: "cursor", "is not a cursor this server issued")
            }
            after = position
        }
        self.init(limit: limit, after: after)
    }
}

/// One page of a list and the cursor of the next page, if there is one.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Cursors are opaque to clients: a base64url-encoded position in a list.
public enum PageCursor {
    public static func encode(_ position: Int64) -> String {
        Data("p:\(position)".utf8).base64URLEncoded()
    }

    public static func decode(_ cursor: String) -> Int64? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("p:"), let position = Int64(text.dropFirst(2))
        else { return nil }
        return position
    }
}

/// What an `If-Match` header asks of the resource's current version.
public enum VersionPrecondition: Sendable, Equatable {
    /// No `If-Match`: any version, or none.
    case none
    /// `If-Match: *`: the resource must exist.
    case exists
    /// `If-Match: "n"`: the resource must be at version n.
    case version(Int)

    /// Throws 412 when the current version (nil: the resource does not exist) does not satisfy the header.
    public func check(current: Int?) throws {
        switch self {
        case .none: return
        case .exists:
            if current == nil {
                throw FlowGateError(.preconditionFailed, type: "version-mismatch", detail: "If-Match: * but the resource does not exist.")
            }
        case .version(let expected):
            guard let current else {
                throw FlowGateError(.preconditionFailed, type: "version-mismatch", detail: "If-Match names a version but the resource does not exist.")
            }
            if current != expected { throw FlowGateError.versionMismatch(current: current) }
        }
    }
}

extension Data {
    /// Base64url without padding (RFC 4648 §5), safe in headers and URLs.
    public func base64URLEncoded() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
