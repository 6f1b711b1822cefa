import FlowGateCore
import Foundation
import NIOSSL
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=…` URL as postgres-nio's client configuration.
///
/// `connection_limit` (FlowGate's own, default 20) caps this instance's pool: the instances together must stay under
/// the server's `max_connections`.
///
/// `sslmode` follows libpq: `disable`; `allow` and `prefer` (the default) try TLS and fall back to plain; `require`
/// insists on TLS without checking the certificate; `verify-ca` and `verify-full` check it.
struct PostgresSettings: Sendable {
    let configuration: PostgresClient.Configuration
    /// The URL with its password masked, for messages and logs.
    let displayName: String
    /// TLS as the URL's sslmode asks: none, tried (`prefer`), or required.
    private let tls: (configuration: TLSConfiguration, required: Bool)?

    init(url: String, displayName: String) throws {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw Self.invalid("'\(displayName)' is not a PostgreSQL URL such as postgres://user:password@host:5432/database.")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Self.invalid("The PostgreSQL URL '\(displayName)' names no user: postgres://user:password@host:5432/database.")
        }
        let database = components.path.split(separator: "/").first.map(String.init)
        var tls: (configuration: TLSConfiguration, required: Bool)? = (.makeClientConfiguration(), false)
        var connectionLimit = Self.defaultConnectionLimit
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("connection_limit", let value):
                guard let limit = Int(value), (1...Self.maximumConnectionLimit).contains(limit) else {
                    throw Self.invalid(
                        "connection_limit in '\(displayName)' must be a number of connections from 1 to \(Self.maximumConnectionLimit), not '\(value)'."
                    )
                }
                connectionLimit = limit
            case ("sslmode", "disable"): tls = nil
            case ("sslmode", "allow"), ("sslmode", "prefer"): tls = (.makeClientConfiguration(), false)
            case ("sslmode", "require"):
                var unchecked = TLSConfiguration.makeClientConfiguration()
                unchecked.certificateVerification = .none
                tls = (unchecked, true)
            case ("sslmode", "verify-ca"):
                var caOnly = TLSConfiguration.makeClientConfiguration()
                caOnly.certificateVerification = .noHostnameVerification
                tls = (caOnly, true)
            case ("sslmode", "verify-full"): tls = (.makeClientConfiguration(), true)
            case ("sslmode", let mode):
                throw Self.invalid("Unknown sslmode '\(mode)' in '\(displayName)'; use disable, allow, prefer, require, verify-ca or verify-full.")
            case (let name, _):
                throw Self.invalid("Unsupported parameter '\(name)' in '\(displayName)'; only sslmode and connection_limit are understood.")
            }
        }
        let clientTLS: PostgresClient.Configuration.TLS = switch tls {
        case nil: .disable
        case let (configuration, required)?: required ? .require(configuration) : .prefer(configuration)
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password, database: database ?? user, tls: clientTLS
        )
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = connectionLimit
        self.configuration = configuration
        self.displayName = displayName
        self.tls = tls
    }

    /// The same settings for one connection outside the pool, which fails at once with the server's reason.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch self.tls {
        case nil: .disable
        case let (configuration, required)?:
            required ? .require(try NIOSSLContext(configuration: configuration)) : .prefer(try NIOSSLContext(configuration: configuration))
        }
        var connection = PostgresConnection.Configuration(
            host: configuration.host ?? "", port: configuration.port ?? 5432, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: tls
        )
        connection.options.connectTimeout = .seconds(5)
        return connection
    }

    static let defaultConnectionLimit = 20
    static let maximumConnectionLimit = 500

    private static func invalid(_ detail: String) -> FlowGateError {
        FlowGateError.badRequest("invalid-database", detail)
    }
}
