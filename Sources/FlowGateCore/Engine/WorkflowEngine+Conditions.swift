import Foundation

extension WorkflowEngine {
    /// Whether an event step's conditions and record-change rules hold for `event`.
    ///
    /// Header conditions apply to the event's subject: the record, or the approval entry re-read from
    /// the run (so `pendingApprovals` counts what is pending now). Line conditions hold when at least
    /// one line of the document passes all of them.
    func matches(_ conditions: EventConditions?, rules: [WorkflowRule], event: WorkflowEvent, in run: WorkflowRun) -> Bool {
        let context = FilterContext(today: run.now, userId: run.userId)
        if let conditions {
            let subject = subjectValues(event, in: run)
            for condition in conditions.header {
                guard let filter = try? FilterExpression.parse(condition.filter) else { return false }
                let (value, kind) = subject(condition.field)
                if !filter.matches(value, as: kind, in: context) { return false }
            }
            if !conditions.lines.isEmpty {
                let lines = run.record.lines ?? []
                let anyLine = lines.contains { line in
                    conditions.lines.allSatisfy { condition in
                        guard let filter = try? FilterExpression.parse(condition.filter) else { return false }
                        let (value, kind) = line.conditionValue(condition.field)
                        return filter.matches(value, as: kind, in: context)
                    }
                }
                if !anyLine { return false }
            }
        }
        return rules.isEmpty || rules.contains { rule in ruleHolds(rule, in: run) }
    }

    private func subjectValues(_ event: WorkflowEvent, in run: WorkflowRun) -> (String) -> (JSONValue?, FilterValueKind) {
        switch event.subject {
        case .record:
            let record = run.record
            return { record.conditionValue($0) }
        case .approvalEntry(let entryNo):
            let entry = run.approvalEntry(entryNo)
            let pending = entry.map { run.approvalEntries.pendingApprovals(recordId: $0.recordId, stepInstanceId: $0.workflowStepInstanceId) } ?? 0
            return { field in entry?.conditionValue(field, pendingApprovals: pending) ?? (nil, .automatic) }
        case .webhookEntry(let entryNo):
            let entry = run.webhookEntry(entryNo)
            return { field in entry?.conditionValue(field) ?? (nil, .automatic) }
        }
    }

    /// A Workflow Rule of a record-change event: the field increased, decreased or changed against xRec.
    private func ruleHolds(_ rule: WorkflowRule, in run: WorkflowRun) -> Bool {
        guard let previous = run.snapshot.previousRecord else { return false }
        let old = previous.conditionValue(rule.fieldName).0
        let new = run.record.conditionValue(rule.fieldName).0
        switch rule.operator {
        case .changed: return old != new
        case .increased, .decreased:
            guard let oldNumber = old?.decimalValue ?? (old == nil ? 0 : nil), let newNumber = new?.decimalValue else { return false }
            return rule.operator == .increased ? newNumber > oldNumber : newNumber < oldNumber
        }
    }
}

extension JSONValue {
    /// The number this value holds, read from a number or a plainly written numeric string (as filters read it).
    var decimalValue: Decimal? {
        switch self {
        case .number(let number): number
        case .string(let text): FilterText.decimal(text)
        default: nil
        }
    }
}

extension BusinessRecord {
    /// A field an event condition names, and how to compare it: the record's own members first, then `fields`.
    public func conditionValue(_ field: String) -> (JSONValue?, FilterValueKind) {
        switch field {
        case "status": (.string(status.rawValue), .option)
        case "documentType": (documentType.map { .string($0.rawValue) }, .option)
        case "number", "no": (.string(number), .code)
        case "amount": (amount.map(JSONValue.number) ?? .number(0), .decimal)
        case "amountLCY": (amountLCY.map(JSONValue.number) ?? .number(0), .decimal)
        case "currencyCode": (currencyCode.map(JSONValue.string), .code)
        case "salespersonPurchaserCode": (salespersonPurchaserCode.map(JSONValue.string), .code)
        default: (fields[field], .automatic)
        }
    }
}

extension DocumentLine {
    public func conditionValue(_ field: String) -> (JSONValue?, FilterValueKind) {
        switch field {
        case "lineNo": (.number(Decimal(lineNo)), .decimal)
        case "type": (type.map(JSONValue.string), .option)
        case "number", "no": (number.map(JSONValue.string), .code)
        case "description": (description.map(JSONValue.string), .text)
        case "quantity": (.number(quantity), .decimal)
        case "unitPrice": (.number(unitPrice), .decimal)
        case "amount": (.number(amount), .decimal)
        default: (fields[field], .automatic)
        }
    }
}

extension ApprovalEntry {
    /// A field of the entry for the approval templates' conditions, `pendingApprovals` given by the caller.
    public func conditionValue(_ field: String, pendingApprovals: Int) -> (JSONValue?, FilterValueKind) {
        switch field {
        case "pendingApprovals": (.number(Decimal(pendingApprovals)), .decimal)
        case "status": (.string(status.rawValue), .option)
        case "approverId": (.string(approverId), .code)
        case "senderId": (.string(senderId), .code)
        case "sequenceNo": (.number(Decimal(sequenceNo)), .decimal)
        case "amount": (.number(amount), .decimal)
        case "amountLCY": (.number(amountLCY), .decimal)
        case "documentType": (documentType.map { .string($0.rawValue) }, .option)
        case "documentNo": (.string(documentNo), .code)
        case "approvalCode": (.string(approvalCode), .code)
        default: (nil, .automatic)
        }
    }
}

extension WorkflowWebhookEntry {
    /// A field of the Flow entry for the registered workflows' response branches (`response` = Continue, …).
    public func conditionValue(_ field: String) -> (JSONValue?, FilterValueKind) {
        switch field {
        case "response": (.string(response.rawValue), .option)
        case "initiatedBy": (.string(initiatedBy), .code)
        case "responseUserId": (responseUserId.map(JSONValue.string), .code)
        default: (nil, .automatic)
        }
    }
}
