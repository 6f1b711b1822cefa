import FlowGateApp
import FlowGateCore
import FlowGateStore
import Foundation

/// The demo company a newcomer gets with `serve --demo`: three users with an approver chain,
/// salesperson codes, a customer, an item and an open sales order of 3,000.
public enum DemoData {
    public static let companyName = "CRONUS"

    /// Keys made for this start of the demo, to print.
    public struct Credentials: Sendable {
        public var companyId: UUID
        public var adminKey: String
        /// User name → a `user` key for that demo user.
        public var userKeys: [(userName: String, key: String)]
        public var salesOrderId: UUID?
    }

    /// Seeds the demo company once, then mints fresh keys on every start (keys are shown only once).
    public static func seed(store: any Store, now: Date = Date()) async throws -> Credentials {
        let company: Company
        var salesOrderId: UUID?
        if let existing = try await store.company(idOrName: companyName) {
            company = existing
        } else {
            company = try await store.createCompany(
                Company(name: companyName, displayName: "CRONUS Demo Company", localCurrencyCode: "USD", createdAt: now)
            )
            salesOrderId = try await seedCompany(company, store: store, now: now)
        }
        if try await store.user(named: FirstStart.adminUserName) == nil {
            _ = try await store.createUser(User(userName: FirstStart.adminUserName, fullName: "Administrator", createdAt: now))
        }
        let (adminKey, adminRecord) = APIKeySecret.make(userName: FirstStart.adminUserName, role: .admin, now: now)
        _ = try await store.createAPIKey(adminRecord)
        var userKeys: [(String, String)] = []
        for user in users {
            let (key, record) = APIKeySecret.make(userName: user.userName, role: .user, now: now)
            _ = try await store.createAPIKey(record)
            userKeys.append((user.userName, key))
        }
        return Credentials(companyId: company.id, adminKey: adminKey, userKeys: userKeys, salesOrderId: salesOrderId)
    }

    static let users: [(userName: String, fullName: String, email: String)] = [
        ("ALICE", "Alice Sender", "alice@cronus.example"),
        ("BOB", "Bob Approver", "bob@cronus.example"),
        ("CAROL", "Carol Administrator", "carol@cronus.example"),
    ]

    private static func seedCompany(_ company: Company, store: any Store, now: Date) async throws -> UUID {
        for user in users where try await store.user(named: user.userName) == nil {
            _ = try await store.createUser(User(userName: user.userName, fullName: user.fullName, email: user.email, createdAt: now))
        }
        for (code, name, email) in [("AL", "Alice Sender", "alice@cronus.example"), ("BO", "Bob Approver", "bob@cronus.example"),
            ("CA", "Carol Administrator", "carol@cronus.example")] {
            _ = try await store.putSalespersonPurchaser(
                SalespersonPurchaser(companyId: company.id, code: code, name: name, email: email), precondition: .none
            )
        }
        let setups = [
            ApprovalUserSetup(
                companyId: company.id, userName: "ALICE", approverId: "BOB", salespersonPurchaserCode: "AL",
                salesAmountApprovalLimit: 100, purchaseAmountApprovalLimit: 100, requestAmountApprovalLimit: 100,
                email: "alice@cronus.example"
            ),
            ApprovalUserSetup(
                companyId: company.id, userName: "BOB", approverId: "CAROL", salespersonPurchaserCode: "BO",
                salesAmountApprovalLimit: 5000, purchaseAmountApprovalLimit: 5000, requestAmountApprovalLimit: 5000,
                substitute: "CAROL", email: "bob@cronus.example"
            ),
            ApprovalUserSetup(
                companyId: company.id, userName: "CAROL", salespersonPurchaserCode: "CA", unlimitedSalesApproval: true,
                unlimitedPurchaseApproval: true, unlimitedRequestApproval: true, email: "carol@cronus.example",
                approvalAdministrator: true
            ),
        ]
        for setup in setups { _ = try await store.putApprovalUserSetup(setup, precondition: .none) { try $0.validated(in: $1) } }

        func create(_ entitySet: EntitySet, _ body: [String: JSONValue]) async throws -> BusinessRecord {
            let changes = try RecordChanges.parse(body, entitySet: entitySet, creating: true)
            return try await store.createRecord(companyId: company.id, entitySet: entitySet, changes: changes, now: now)
        }
        _ = try await create(
            .customers,
            ["number": "C10000", "fields": .object(["name": "The Cannon Group PLC", "creditLimitLCY": .number(50000)])]
        )
        _ = try await create(.items, ["number": "1896-S", "fields": .object(["description": "ATHENS Desk", "unitPrice": .number(1500)])])
        let order = try await create(
            .salesDocuments,
            [
                "documentType": "Order", "number": "S-ORD10001", "salespersonPurchaserCode": "AL", "currencyCode": "USD",
                "fields": .object(["customerNumber": "C10000", "customerName": "The Cannon Group PLC"]),
                "lines": .array([
                    .object(["type": "Item", "number": "1896-S", "description": "ATHENS Desk", "quantity": .number(2), "unitPrice": .number(1500)])
                ]),
            ]
        )
        return order.id
    }
}
