import Foundation

/// What approval user setup is checked against: the rest of the company's setup.
public struct ApprovalSetupContext: Sendable {
    public var knownUserNames: Set<String>
    public var otherSetups: [ApprovalUserSetup]
    public var salespersonCodes: Set<String>

    public init(knownUserNames: Set<String>, otherSetups: [ApprovalUserSetup], salespersonCodes: Set<String>) {
        self.knownUserNames = knownUserNames
        self.otherSetups = otherSetups
        self.salespersonCodes = salespersonCodes
    }
}

extension ApprovalUserSetup {
    /// Applies Business Central's User Setup rules and returns the setup as it is stored.
    ///
    /// An unlimited flag zeroes its limit (as validating the flag does in Business Central);
    /// a user is never its own approver or substitute; only one approval administrator;
    /// a salesperson/purchaser code belongs to one user only.
    public func validated(in context: ApprovalSetupContext) throws -> ApprovalUserSetup {
        var setup = self
        var problems = ValidationErrors()
        if !context.knownUserNames.contains(userName) {
            throw FlowGateError.notFound("User '\(userName)' does not exist; create it under /api/v1/users first.")
        }
        if let approver = approverId {
            if approver == userName {
                problems.add("approverId", "a user cannot be their own approver")
            } else if !context.knownUserNames.contains(approver) {
                problems.add("approverId", "user '\(approver)' does not exist")
            }
        }
        if let substitute {
            if substitute == userName {
                problems.add("substitute", "a user cannot be their own substitute")
            } else if !context.knownUserNames.contains(substitute) {
                problems.add("substitute", "user '\(substitute)' does not exist")
            }
        }
        for (field, limit) in [
            ("salesAmountApprovalLimit", salesAmountApprovalLimit),
            ("purchaseAmountApprovalLimit", purchaseAmountApprovalLimit),
            ("requestAmountApprovalLimit", requestAmountApprovalLimit),
        ] where limit < 0 {
            problems.add(field, "must be zero or greater")
        }
        if let email, !EmailAddress.isPlausible(email) {
            problems.add("email", "'\(email)' is not an email address")
        }
        if let code = salespersonPurchaserCode {
            if !context.salespersonCodes.contains(code) {
                problems.add("salespersonPurchaserCode", "salesperson/purchaser '\(code)' does not exist")
            } else if let holder = context.otherSetups.first(where: { $0.salespersonPurchaserCode == code && $0.userName != userName }) {
                problems.add("salespersonPurchaserCode", "salesperson/purchaser '\(code)' is already assigned to user '\(holder.userName)'")
            }
        }
        if approvalAdministrator,
            let admin = context.otherSetups.first(where: { $0.approvalAdministrator && $0.userName != userName })
        {
            problems.add("approvalAdministrator", "user '\(admin.userName)' is already the approval administrator; only one is allowed")
        }
        try problems.throwIfAny()
        if setup.unlimitedSalesApproval { setup.salesAmountApprovalLimit = 0 }
        if setup.unlimitedPurchaseApproval { setup.purchaseAmountApprovalLimit = 0 }
        if setup.unlimitedRequestApproval { setup.requestAmountApprovalLimit = 0 }
        return setup
    }
}

extension WorkflowUserGroup {
    /// Far more steps than any group has; routing adds sequence numbers, which must never overflow.
    public static let maximumSequenceNo = 1_000_000

    /// Members must be known users, listed once, with sequence numbers from 1 to ``maximumSequenceNo``.
    public func validated(knownUserNames: Set<String>) throws -> WorkflowUserGroup {
        var problems = ValidationErrors()
        var seen = Set<String>()
        for (index, member) in members.enumerated() {
            if !knownUserNames.contains(member.userName) {
                problems.add("members[\(index)].userName", "user '\(member.userName)' does not exist")
            }
            if !seen.insert(member.userName).inserted {
                problems.add("members[\(index)].userName", "user '\(member.userName)' is listed twice")
            }
            if member.sequenceNo < 1 {
                problems.add("members[\(index)].sequenceNo", "must be 1 or greater")
            } else if member.sequenceNo > Self.maximumSequenceNo {
                problems.add("members[\(index)].sequenceNo", "must be at most \(Self.maximumSequenceNo)")
            }
        }
        try problems.throwIfAny()
        return self
    }
}

/// A light email check: one `@` with text on both sides and a dot in the domain.
public enum EmailAddress {
    public static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !text.contains(" ") else { return false }
        return !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}
