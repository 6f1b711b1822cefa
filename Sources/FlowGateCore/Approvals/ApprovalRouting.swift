import Foundation

/// Business Central's CreateApprovalRequests (codeunit 1535), as a pure function: who must approve a record.
///
/// Followed to the letter of `approval-routing.md` §0–§1: the sender's own entry is born Approved,
/// `Amount (LCY) <= limit` qualifies and a zero limit means no authority, the chain walks Approver IDs
/// with a cycle guard, and group members with the same sequence number approve in parallel.
public struct ApprovalRouting: Sendable {
    /// The company's approval setup the routing reads.
    public var setups: [String: ApprovalUserSetup]
    public var groups: [String: WorkflowUserGroup]

    public init(setups: [ApprovalUserSetup], groups: [WorkflowUserGroup]) {
        self.setups = Dictionary(setups.map { ($0.userName, $0) }, uniquingKeysWith: { first, _ in first })
        self.groups = Dictionary(groups.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// What one CREATEAPPROVALREQUESTS step needs to know.
    public struct Request: Sendable {
        public var record: BusinessRecord
        public var senderId: String
        public var argument: WorkflowStepArgument
        public var workflowCode: String
        public var stepInstanceId: UUID
        /// Entries already made for this record and step instance (their sequence numbers continue).
        public var existingEntries: [ApprovalEntry]
        public var firstEntryNo: Int
        public var now: Date
        /// The step's Due Date Formula applied to today.
        public var dueDate: Date

        public init(
            record: BusinessRecord, senderId: String, argument: WorkflowStepArgument, workflowCode: String, stepInstanceId: UUID,
            existingEntries: [ApprovalEntry] = [], firstEntryNo: Int, now: Date, dueDate: Date
        ) {
            self.record = record
            self.senderId = senderId
            self.argument = argument
            self.workflowCode = workflowCode
            self.stepInstanceId = stepInstanceId
            self.existingEntries = existingEntries
            self.firstEntryNo = firstEntryNo
            self.now = now
            self.dueDate = dueDate
        }
    }

    /// The new approval entries, in entry-number order, or Business Central's error.
    public func createApprovalRequests(_ request: Request) throws -> [ApprovalEntry] {
        var builder = EntryBuilder(request: request)
        let argument = request.argument
        let approverType = argument.approverType ?? .approver
        let limitType = argument.approverLimitType ?? .approverChain
        builder.approvalType = ApprovalType(approverType)
        builder.limitType = ApprovalLimitType(approverType: approverType, limitType: limitType)

        switch approverType {
        case .salespersonPurchaser:
            try routeToSalesperson(limitType, &builder)
        case .approver:
            try routeToApprover(limitType, &builder)
        case .workflowUserGroup:
            try routeToGroup(&builder)
        }
        return builder.entries
    }

    // MARK: Approver types

    private func routeToApprover(_ limitType: ApproverLimitType, _ builder: inout EntryBuilder) throws {
        let sender = builder.request.senderId
        switch limitType {
        case .approverChain:
            // No setup check here: Business Central's chain walk reports a sender without setup itself.
            builder.add(approver: sender)
            try walkChain(from: nil, sufficientOnly: false, &builder)
        case .directApprover:
            let setup = try requireSetup(sender)
            if let approver = setup.approverId, setups[approver] != nil {
                builder.add(approver: approver)
            } else if setup.approvalAdministrator {
                builder.add(approver: sender)  // an administrator with no approver approves their own request
            } else {
                throw Self.error(.approverNotInSetup(sender))
            }
        case .firstQualifiedApprover:
            builder.add(approver: sender)
            try walkChain(from: nil, sufficientOnly: true, &builder)
        case .specificApprover:
            let approver = try specificApprover(builder)
            builder.add(approver: approver)
        }
    }

    private func routeToSalesperson(_ limitType: ApproverLimitType, _ builder: inout EntryBuilder) throws {
        let record = builder.request.record
        guard let code = record.salespersonPurchaserCode, !code.isEmpty else {
            throw FlowGateError.conflict(
                "approval-routing",
                "Salespers./Purch. Code must have a value in \(record.entitySet.rawValue): \(record.documentType.map { "Document Type=\($0.rawValue), " } ?? "")No.=\(record.number). It cannot be zero or empty."
            )
        }
        guard let salesperson = setups.values.sorted(by: { $0.userName < $1.userName }).first(where: { $0.salespersonPurchaserCode == code }) else {
            throw Self.error(.salespersonNotInSetup(code))
        }
        let user = salesperson.userName
        switch limitType {
        case .approverChain:
            builder.add(approver: user)
            try walkChain(from: user, sufficientOnly: false, &builder)
        case .directApprover:
            builder.add(approver: user)
        case .firstQualifiedApprover:
            if isSufficient(salesperson, for: builder.request.record) { builder.add(approver: user) }
            try walkChain(from: user, sufficientOnly: true, &builder)
        case .specificApprover:
            builder.add(approver: user)
            builder.add(approver: try specificApprover(builder))
        }
    }

    private func routeToGroup(_ builder: inout EntryBuilder) throws {
        try requireSetup(builder.request.senderId)
        let code = builder.request.argument.workflowUserGroupCode ?? ""
        let members = (groups[code]?.members ?? []).sorted { ($0.sequenceNo, $0.userName) < ($1.sequenceNo, $1.userName) }
        guard !members.isEmpty else { throw Self.error(.noGroupMembers) }
        let base = builder.lastSequenceNo
        for member in members {
            guard setups[member.userName] != nil else { throw Self.error(.groupMemberNotInSetup(member.userName)) }
            builder.add(approver: member.userName, sequenceNo: base + member.sequenceNo)
        }
    }

    // MARK: The chain

    /// CreateApprovalRequestForApproverChain: up the Approver IDs until a sufficient user, guarding against cycles.
    private func walkChain(from salesperson: String?, sufficientOnly: Bool, _ builder: inout EntryBuilder) throws {
        let sender = builder.request.senderId
        var current = builder.lastCreatedApprover ?? salesperson ?? sender
        guard var setup = setups[current] else { throw Self.error(.approverNotInSetup(sender)) }
        let maxCount = setups.count
        var steps = 0
        while !isSufficient(setup, for: builder.request.record) {
            steps += 1
            if steps > maxCount { throw Self.error(.chainExhausted) }
            guard let next = setup.approverId, !next.isEmpty else { throw Self.error(.noQualifiedApprover) }
            guard let nextSetup = setups[next] else { throw Self.error(.approverNotInSetup(current)) }
            current = next
            setup = nextSetup
            if !sufficientOnly || isSufficient(setup, for: builder.request.record) {
                builder.add(approver: current)
            }
        }
    }

    /// IsSufficientApprover: whether this user's limit covers the record's Amount (LCY).
    public func isSufficient(_ setup: ApprovalUserSetup, for record: BusinessRecord) -> Bool {
        if setup.userName == setup.approverId { return true }
        let amount = record.amountLCY ?? 0
        func within(_ unlimited: Bool, _ limit: Decimal) -> Bool { unlimited || (amount <= limit && limit != 0) }
        let sales = within(setup.unlimitedSalesApproval, setup.salesAmountApprovalLimit)
        let purchase = within(setup.unlimitedPurchaseApproval, setup.purchaseAmountApprovalLimit)
        let request = within(setup.unlimitedRequestApproval, setup.requestAmountApprovalLimit)
        switch record.entitySet {
        case .purchaseDocuments: return record.documentType == .quote ? request : purchase
        case .salesDocuments: return sales
        case .generalJournalLines:
            switch JournalLineKind(record) {
            case .purchase: return purchase
            case .sales: return sales
            case .glAccount: return request
            case .other: return true
            }
        case .customers, .vendors, .items, .generalJournalBatches:
            return true
        }
    }

    // MARK: Helpers

    @discardableResult
    private func requireSetup(_ userName: String) throws -> ApprovalUserSetup {
        guard let setup = setups[userName] else { throw Self.error(.userNotInSetup(userName)) }
        return setup
    }

    private func specificApprover(_ builder: EntryBuilder) throws -> String {
        let approver = builder.request.argument.approverUserId ?? ""
        guard setups[approver] != nil else { throw Self.error(.userNotInSetup(approver)) }
        return approver
    }
}

/// Which limit a general journal line is weighed against, from its account types (IsForPurchase/IsForSales/IsForGLAccount).
enum JournalLineKind {
    case purchase, sales, glAccount, other

    init(_ record: BusinessRecord) {
        let types = ["accountType", "balAccountType"].compactMap { key -> String? in
            if case .string(let value) = record.fields[key] { value.lowercased() } else { nil }
        }
        if types.contains("vendor") {
            self = .purchase
        } else if types.contains("customer") {
            self = .sales
        } else if types.contains("g/l account") {
            self = .glAccount
        } else {
            self = .other
        }
    }
}

/// Accumulates the entries of one CreateApprovalRequests call, numbering them as MakeApprovalEntry does.
struct EntryBuilder {
    let request: ApprovalRouting.Request
    var approvalType: ApprovalType = .approver
    var limitType: ApprovalLimitType = .approvalLimits
    private(set) var entries: [ApprovalEntry] = []

    init(request: ApprovalRouting.Request) { self.request = request }

    /// GetLastSequenceNo over the record's entries for this step instance, new ones included.
    var lastSequenceNo: Int {
        (request.existingEntries + entries).filter { $0.recordId == request.record.id && $0.workflowStepInstanceId == request.stepInstanceId }
            .map(\.sequenceNo).max() ?? 0
    }

    /// The approver of the last Created entry, where a chain walk resumes.
    var lastCreatedApprover: String? {
        (request.existingEntries + entries).last { $0.status == .created && $0.workflowStepInstanceId == request.stepInstanceId }?.approverId
    }

    /// MakeApprovalEntry: an entry whose approver is the sender is born Approved.
    mutating func add(approver: String, sequenceNo: Int? = nil) {
        let record = request.record
        let sender = request.senderId
        entries.append(
            ApprovalEntry(
                entryNo: request.firstEntryNo + entries.count, companyId: record.companyId, entitySet: record.entitySet,
                documentType: record.documentType, documentNo: record.number, recordId: record.id,
                sequenceNo: sequenceNo ?? lastSequenceNo + 1, approvalCode: request.workflowCode,
                workflowStepInstanceId: request.stepInstanceId, senderId: sender,
                salespersonPurchaserCode: record.salespersonPurchaserCode, approverId: approver,
                status: approver == sender ? .approved : .created, approvalType: approvalType, limitType: limitType,
                now: request.now, dueDate: request.dueDate,
                delegationDateFormula: request.argument.delegateAfter?.days.map { "<\($0)D>" },
                amount: record.amount ?? 0, amountLCY: record.amountLCY ?? 0, currencyCode: record.currencyCode
            )
        )
    }
}
