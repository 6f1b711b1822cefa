import FlowGateServer
import Foundation

/// What `serve --demo` prints: the keys and two curl commands that work as pasted.
enum DemoBanner {
    static func text(_ credentials: DemoData.Credentials, host: String, port: Int) -> String {
        let base = "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/api/v1"
        let company = DemoData.companyName
        var lines = [
            "",
            "Demo company \(company) is ready. Keys for this run (each shown once):",
            "  admin  ADMIN  \(credentials.adminKey)",
        ]
        for (userName, key) in credentials.userKeys {
            lines.append("  user   \(userName.padding(toLength: 6, withPad: " ", startingAt: 0)) \(key)")
        }
        lines += [
            "",
            "Try:",
            "  curl -s -H 'Authorization: Bearer \(credentials.adminKey)' \(base)/companies/\(company)/salesDocuments",
            "  curl -s -H 'Authorization: Bearer \(credentials.adminKey)' -H 'Content-Type: application/json' \\",
            "       -d '{\"number\":\"C20000\",\"fields\":{\"name\":\"Selangorian Ltd.\"}}' \(base)/companies/\(company)/customers",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
