import FlowGateApp
import FlowGateCore
import Foundation

/// Parses request bodies into domain values. Shape and types only; business rules live in FlowGateCore.
enum Inputs {
    /// A new company; the use case stamps its creation time.
    static func company(_ object: [String: JSONValue]) throws -> Company {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["name", "displayName", "localCurrencyCode"], context: "a company")
        let name = reader.string("name").value?.trimmingCharacters(in: .whitespaces) ?? ""
        if name.isEmpty || name.count > 30 { reader.add("name", "is required, 1 to 30 characters") }
        if UUID(uuidString: name) != nil { reader.add("name", "must not be a UUID (it would be read as an id in URLs)") }
        if name.contains("/") { reader.add("name", "must not contain '/'") }
        let currency = reader.string("localCurrencyCode").value?.uppercased() ?? "USD"
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isLetter }) {
            reader.add("localCurrencyCode", "'\(currency)' is not a 3-letter currency code")
        }
        let displayName = reader.string("displayName").value
        try reader.problems.throwIfAny()
        return Company(name: name, displayName: displayName, localCurrencyCode: currency, createdAt: .distantPast)
    }

    /// A new user; the use case stamps its creation time.
    static func newUser(_ object: [String: JSONValue]) throws -> User {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["userName", "fullName", "email", "state"], context: "a user")
        var userName: String?
        switch reader.string("userName") {
        case .value(let raw):
            do { userName = try Code.normalize(raw, field: "userName") } catch let error as FlowGateError {
                error.errors.forEach { reader.add($0.field, $0.message) }
            }
        case .null: reader.add("userName", "is required, not null")
        case .absent: if !reader.has("userName") { reader.add("userName", "is required") }
        }
        var user = User(userName: userName ?? "", createdAt: .distantPast)
        applyUserFields(&user, reader: &reader)
        try reader.problems.throwIfAny()
        return user
    }

    static func userPatch(_ object: [String: JSONValue], to user: User) throws -> User {
        var reader = JSONObjectReader(object)
        if reader.has("userName") { reader.add("userName", "is read-only") }
        reader.rejectUnknown(allowed: ["userName", "fullName", "email", "state"], context: "a user")
        reader.refuseNull("fullName", "state")
        var user = user
        applyUserFields(&user, reader: &reader)
        try reader.problems.throwIfAny()
        return user
    }

    private static func applyUserFields(_ user: inout User, reader: inout JSONObjectReader) {
        if let fullName = reader.string("fullName").value { user.fullName = fullName }
        switch reader.string("email") {
        case .value(let email) where email.isEmpty: user.email = nil
        case .value(let email):
            if EmailAddress.isPlausible(email) { user.email = email } else { reader.add("email", "'\(email)' is not an email address") }
        case .null: user.email = nil
        case .absent: break
        }
        if let state = reader.enumeration("state", User.State.self).value { user.state = state }
    }

    /// `{"role", "companies"}`: the key's role, and the companies (ids or names) it is limited to, if any.
    static func apiKey(_ object: [String: JSONValue]) throws -> (role: Role, companies: [String]?) {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["role", "companies"], context: "an API key")
        let role = reader.enumeration("role", Role.self)
        if case .absent = role, !reader.has("role") { reader.add("role", "is required: 'admin', 'integration' or 'user'") }
        if case .null = role { reader.add("role", "must be 'admin', 'integration' or 'user', not null") }
        var companies: [String]?
        if let items = reader.array("companies").value {
            if items.isEmpty { reader.add("companies", "must name at least one company; leave it out for every company") }
            companies = []
            for (index, item) in items.enumerated() {
                if case .string(let key) = item, !key.trimmingCharacters(in: .whitespaces).isEmpty {
                    companies?.append(key.trimmingCharacters(in: .whitespaces))
                } else {
                    reader.add("companies[\(index)]", "must be a company's id or name: a non-empty string")
                }
            }
        }
        try reader.problems.throwIfAny()
        guard let value = role.value else { throw FlowGateError.validation(field: "role", "is required") }
        return (value, companies)
    }

    static func salespersonPurchaser(_ object: [String: JSONValue], companyId: UUID, code: String) throws -> SalespersonPurchaser {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["code", "name", "email"], context: "a salesperson/purchaser")
        checkPathKey(&reader, "code", matches: code)
        var value = SalespersonPurchaser(companyId: companyId, code: code, name: reader.string("name").value ?? "")
        if let email = reader.string("email").value, !email.isEmpty {
            if EmailAddress.isPlausible(email) { value.email = email } else { reader.add("email", "'\(email)' is not an email address") }
        }
        try reader.problems.throwIfAny()
        return value
    }

    static func approvalUserSetup(_ object: [String: JSONValue], companyId: UUID, userName: String) throws -> ApprovalUserSetup {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(
            allowed: [
                "userName", "approverId", "salespersonPurchaserCode", "salesAmountApprovalLimit", "unlimitedSalesApproval",
                "purchaseAmountApprovalLimit", "unlimitedPurchaseApproval", "requestAmountApprovalLimit", "unlimitedRequestApproval",
                "substitute", "email", "approvalAdministrator",
            ],
            context: "approval user setup"
        )
        checkPathKey(&reader, "userName", matches: userName)
        func code(_ key: String) -> String? {
            guard let raw = reader.string(key).value?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw.uppercased()
        }
        var setup = ApprovalUserSetup(companyId: companyId, userName: userName)
        setup.approverId = code("approverId")
        setup.salespersonPurchaserCode = code("salespersonPurchaserCode")
        setup.substitute = code("substitute")
        setup.salesAmountApprovalLimit = reader.decimal("salesAmountApprovalLimit").value ?? 0
        setup.unlimitedSalesApproval = reader.bool("unlimitedSalesApproval").value ?? false
        setup.purchaseAmountApprovalLimit = reader.decimal("purchaseAmountApprovalLimit").value ?? 0
        setup.unlimitedPurchaseApproval = reader.bool("unlimitedPurchaseApproval").value ?? false
        setup.requestAmountApprovalLimit = reader.decimal("requestAmountApprovalLimit").value ?? 0
        setup.unlimitedRequestApproval = reader.bool("unlimitedRequestApproval").value ?? false
        setup.approvalAdministrator = reader.bool("approvalAdministrator").value ?? false
        if let email = reader.string("email").value, !email.isEmpty { setup.email = email }
        try reader.problems.throwIfAny()
        return setup
    }

    static func workflowUserGroup(_ object: [String: JSONValue], companyId: UUID, code: String) throws -> WorkflowUserGroup {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["code", "description", "members"], context: "a workflow user group")
        checkPathKey(&reader, "code", matches: code)
        var group = WorkflowUserGroup(companyId: companyId, code: code, description: reader.string("description").value ?? "")
        for (index, item) in (reader.array("members").value ?? []).enumerated() {
            guard case .object(let object) = item else {
                reader.add("members[\(index)]", "must be an object, not \(item.typeName)")
                continue
            }
            var member = JSONObjectReader(object, path: "members[\(index)]")
            member.rejectUnknown(allowed: ["userName", "sequenceNo"], context: "a group member")
            let userName = member.string("userName").value?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
            if userName.isEmpty { member.add("userName", "is required") }
            // Business Central numbers a new member after the group's last one. Numbers out of range are
            // reported by validation; here they only must not overflow the next one.
            let highest = min(group.members.map(\.sequenceNo).max() ?? 0, WorkflowUserGroup.maximumSequenceNo)
            let sequenceNo = member.int("sequenceNo").value ?? (highest + 1)
            group.members.append(.init(userName: userName, sequenceNo: sequenceNo))
            member.problems.errors.forEach { reader.add($0.field, $0.message) }
        }
        try reader.problems.throwIfAny()
        return group
    }

    /// A key repeated in the body must equal the one in the path.
    private static func checkPathKey(_ reader: inout JSONObjectReader, _ key: String, matches value: String) {
        if let given = reader.string(key).value, given.uppercased() != value {
            reader.add(key, "'\(given)' differs from '\(value)' in the path")
        }
    }
}

extension JSONObjectReader {
    /// In a PATCH, `null` clears a member; one that cannot be empty refuses it instead of silently keeping its value.
    mutating func refuseNull(_ keys: String...) {
        for key in keys where object[key] == .null {
            add(key, "cannot be null; leave it out to keep the current value")
        }
    }
}
