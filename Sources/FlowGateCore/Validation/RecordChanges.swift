import Foundation

/// A validated request to create or change a business record, parsed from a JSON object.
///
/// Members that are absent leave the record alone; `null` clears an optional member.
/// Inside `fields`, a PATCH merges key by key and a `null` value removes the key.
public struct RecordChanges: Sendable {
    public typealias Member = JSONObjectReader.Member

    public var number: String?
    public var status: RecordStatus?
    public var fields: [String: JSONValue]?
    public var documentType: DocumentType?
    public var amount: Member<Decimal> = .absent
    public var currencyCode: Member<String> = .absent
    public var currencyFactor: Member<Decimal> = .absent
    public var salespersonPurchaserCode: Member<String> = .absent
    public var lines: [DocumentLine]?

    static let readOnly: Set<String> = ["id", "version", "restricted", "amountLCY", "createdAt", "modifiedAt", "entitySet", "companyId", "etag"]

    /// The members a body may hold for an entity set.
    public static func allowedMembers(for entitySet: EntitySet) -> Set<String> {
        var allowed: Set<String> = ["number", "status", "fields"]
        if entitySet.hasAmount { allowed.formUnion(["amount", "currencyCode", "currencyFactor"]) }
        if entitySet.isDocument { allowed.formUnion(["documentType", "salespersonPurchaserCode", "lines"]) }
        return allowed
    }

    /// Parses a request body; `creating` makes the document type required.
    public static func parse(_ object: [String: JSONValue], entitySet: EntitySet, creating: Bool) throws -> RecordChanges {
        var reader = JSONObjectReader(object)
        var changes = RecordChanges()
        for key in object.keys.sorted() where readOnly.contains(key) {
            reader.add(key, "is read-only")
        }
        reader.rejectUnknown(allowed: allowedMembers(for: entitySet).union(readOnly), context: entitySet.rawValue)

        switch reader.string("number") {
        case .value(let raw):
            let number = raw.trimmingCharacters(in: .whitespaces).uppercased()
            if number.isEmpty || number.count > 20 {
                reader.add("number", "must be 1 to 20 characters")
            } else {
                changes.number = number
            }
        case .null: reader.add("number", "must not be null")
        case .absent: break
        }
        switch reader.enumeration("status", RecordStatus.self) {
        case .value(.pendingApproval):
            reader.add("status", "'Pending Approval' is set by an approval workflow (sendApprovalRequest), not directly")
        case .value(let status): changes.status = status
        case .null: reader.add("status", "must not be null")
        case .absent: break
        }
        switch reader.object("fields") {
        case .value(let fields): changes.fields = fields
        case .null: reader.add("fields", "must be an object; to remove one field, set it to null inside fields")
        case .absent: break
        }
        if entitySet.hasAmount {
            changes.amount = reader.decimal("amount")
            if entitySet.isDocument, let amount = changes.amount.value, amount < 0 {
                reader.add("amount", "must be zero or greater")
            }
            changes.currencyCode = reader.string("currencyCode")
            if let code = changes.currencyCode.value {
                let normalized = code.uppercased()
                if normalized.isEmpty {
                    changes.currencyCode = .null
                } else if normalized.count != 3 || !normalized.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    reader.add("currencyCode", "'\(code)' is not a 3-letter currency code")
                } else {
                    changes.currencyCode = .value(normalized)
                }
            }
            changes.currencyFactor = reader.decimal("currencyFactor")
            if let factor = changes.currencyFactor.value, factor <= 0 {
                reader.add("currencyFactor", "must be greater than zero")
            }
        }
        if entitySet.isDocument {
            switch reader.enumeration("documentType", DocumentType.self) {
            case .value(let type): changes.documentType = type
            case .null: reader.add("documentType", "must not be null")
            case .absent:
                if creating && !reader.has("documentType") {
                    let allowed = DocumentType.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                    reader.add("documentType", "is required; one of \(allowed)")
                }
            }
            changes.salespersonPurchaserCode = reader.string("salespersonPurchaserCode")
            if let code = changes.salespersonPurchaserCode.value {
                let normalized = code.trimmingCharacters(in: .whitespaces).uppercased()
                changes.salespersonPurchaserCode = normalized.isEmpty ? .null : .value(normalized)
            }
            switch reader.array("lines") {
            case .value(let items): changes.lines = parseLines(items, reader: &reader)
            case .null: changes.lines = []
            case .absent: break
            }
        }
        try reader.problems.throwIfAny()
        return changes
    }

    private static let lineMembers: Set<String> = ["lineNo", "type", "number", "description", "quantity", "unitPrice", "amount", "fields"]

    private static func parseLines(_ items: [JSONValue], reader: inout JSONObjectReader) -> [DocumentLine] {
        var lines: [DocumentLine] = []
        var seen = Set<Int>()
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item else {
                reader.add("lines[\(index)]", "must be an object, not \(item.typeName)")
                continue
            }
            var line = JSONObjectReader(object, path: "lines[\(index)]")
            line.rejectUnknown(allowed: lineMembers, context: "a document line")
            let lineNo = line.int("lineNo").value ?? (index + 1) * 10000
            if lineNo <= 0 { line.add("lineNo", "must be greater than zero") }
            if !seen.insert(lineNo).inserted { line.add("lineNo", "\(lineNo) is used by another line") }
            let quantity = line.decimal("quantity").value ?? 0
            let unitPrice = line.decimal("unitPrice").value ?? 0
            let amount = line.decimal("amount").value
            if quantity < 0 { line.add("quantity", "must be zero or greater") }
            if unitPrice < 0 { line.add("unitPrice", "must be zero or greater") }
            if let amount, amount < 0 { line.add("amount", "must be zero or greater") }
            lines.append(
                DocumentLine(
                    lineNo: lineNo, type: line.string("type").value, number: line.string("number").value,
                    description: line.string("description").value, quantity: quantity, unitPrice: unitPrice,
                    amount: amount, fields: line.object("fields").value ?? [:]
                )
            )
            for problem in line.problems.errors { reader.problems.add(problem.field, problem.message) }
        }
        return lines
    }
}

extension BusinessRecord {
    /// A new record from a creation request; `number` is the one to use when the request names none.
    public static func creating(
        _ changes: RecordChanges, id: UUID = UUID(), companyId: UUID, entitySet: EntitySet, number: String, now: Date
    ) -> BusinessRecord {
        var record = BusinessRecord(
            id: id, companyId: companyId, entitySet: entitySet, number: changes.number ?? number,
            documentType: changes.documentType, amount: entitySet.hasAmount ? 0 : nil, createdAt: now
        )
        record.apply(changes)
        return record
    }

    /// Applies a change request to the record's values (no version or time bookkeeping).
    public mutating func apply(_ changes: RecordChanges) {
        if let number = changes.number { self.number = number }
        if let status = changes.status { self.status = status }
        for (key, value) in changes.fields ?? [:] {
            fields[key] = value == .null ? nil : value
        }
        if let type = changes.documentType { documentType = type }
        if let lines = changes.lines { self.lines = lines }
        switch changes.amount {
        case .value(let amount): self.amount = amount
        case .null: self.amount = 0
        case .absent:
            if let lines = changes.lines { self.amount = lines.reduce(0) { $0 + $1.amount } }
        }
        update(&currencyCode, with: changes.currencyCode)
        update(&currencyFactor, with: changes.currencyFactor)
        if currencyCode == nil { currencyFactor = nil }
        update(&salespersonPurchaserCode, with: changes.salespersonPurchaserCode)
    }

    private func update<T>(_ value: inout T?, with member: JSONObjectReader.Member<T>) {
        switch member {
        case .value(let new): value = new
        case .null: value = nil
        case .absent: break
        }
    }

    /// Why a change to this record must be refused, if it must: a pending approval, usage restricted
    /// by a workflow still running, or a document type that may not change.
    ///
    /// A restriction left by a finished run (Business Central's reject branch reopens without allowing
    /// usage) blocks only releasing, as Business Central's restrictions block release and posting.
    public func checkChangeAllowed(_ changes: RecordChanges, workflowRunning: Bool) throws {
        if status == .pendingApproval || (restricted && workflowRunning) {
            throw FlowGateError.conflict(
                "record-restricted",
                "\(entitySet.rawValue) \(number) is \(status == .pendingApproval ? "pending approval" : "restricted by a workflow") and cannot be changed."
            )
        }
        if restricted && changes.status == .released {
            throw FlowGateError.conflict(
                "record-restricted",
                "\(entitySet.rawValue) \(number) is restricted by a workflow and cannot be released until its approval request is approved."
            )
        }
        if let type = changes.documentType, type != documentType {
            throw FlowGateError.validation(field: "documentType", "cannot be changed once the document exists")
        }
    }

    /// Why this record must not be deleted, if it must not: an approval request still active on it (pending
    /// approval, or restricted by a workflow that still runs).
    public func checkCanBeDeleted(workflowRunning: Bool) throws {
        if status == .pendingApproval || (restricted && workflowRunning) {
            throw FlowGateError.conflict(
                "approval-active", "\(entitySet.rawValue) \(number) has an active approval request; cancel it before deleting the record."
            )
        }
    }
}
