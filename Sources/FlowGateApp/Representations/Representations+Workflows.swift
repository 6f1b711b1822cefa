import FlowGateCore
import Foundation

extension JSONValue {
    public init(_ flag: Bool?) { self = flag.map { .bool($0) } ?? .null }
    public init(_ number: Int?) { self = number.map { .number(Decimal($0)) } ?? .null }
}

extension Workflow: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "code": .string(code), "description": .string(description), "enabled": .bool(enabled), "template": .bool(template),
            "category": JSONValue(category?.rawValue), "source": .string(source.rawValue), "clientId": JSONValue(clientId),
            "subscriptionId": subscriptionId.map(JSONValue.init) ?? .null, "steps": .array(steps.map(\.json)),
        ])
    }
}

extension WorkflowStep: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "id": JSONValue(id), "description": .string(description), "entryPoint": .bool(entryPoint),
            "previousStepId": JSONValue(previousStepId), "nextStepId": JSONValue(nextStepId), "type": .string(type.rawValue),
            "functionName": .string(functionName), "sequenceNo": JSONValue(sequenceNo), "argument": argument?.json ?? .null,
            "rules": .array(rules.map(\.json)),
        ])
    }
}

extension WorkflowRule: JSONRepresentable {
    public var json: JSONValue {
        .object(["id": JSONValue(id), "fieldName": .string(fieldName), "operator": .string(self.operator.rawValue)])
    }
}

extension EventConditions: JSONRepresentable {
    public var json: JSONValue {
        func list(_ conditions: [FieldCondition]) -> JSONValue {
            .array(conditions.map { .object(["field": .string($0.field), "filter": .string($0.filter)]) })
        }
        return .object(["header": list(header), "lines": list(lines)])
    }
}

extension WorkflowStepArgument: JSONRepresentable {
    /// Every option, `null` when unset; `WorkflowStepArgument.keys` lists them for input.
    public var json: JSONValue {
        .object([
            "eventConditions": eventConditions?.json ?? .null, "approverType": JSONValue(approverType?.rawValue),
            "approverLimitType": JSONValue(approverLimitType?.rawValue), "workflowUserGroupCode": JSONValue(workflowUserGroupCode),
            "approverUserId": JSONValue(approverUserId), "dueDateFormula": JSONValue(dueDateFormula),
            "delegateAfter": JSONValue(delegateAfter?.rawValue), "notifySender": JSONValue(notifySender),
            "notificationUserId": JSONValue(notificationUserId), "notificationEntryType": JSONValue(notificationEntryType?.rawValue),
            "message": JSONValue(message), "linkTargetPage": JSONValue(linkTargetPage), "customLink": JSONValue(customLink),
            "showConfirmationMessage": JSONValue(showConfirmationMessage), "responseType": JSONValue(responseType?.rawValue),
            "responseUserId": JSONValue(responseUserId), "fieldName": JSONValue(fieldName),
            "generalJournalTemplateName": JSONValue(generalJournalTemplateName),
            "generalJournalBatchName": JSONValue(generalJournalBatchName),
        ])
    }
}

extension WorkflowStepInstance: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "instanceId": JSONValue(instanceId), "workflowCode": .string(workflowCode), "stepId": JSONValue(stepId),
            "recordId": JSONValue(recordId), "entitySet": .string(entitySet.rawValue), "status": .string(status.rawValue),
            "type": .string(type.rawValue), "functionName": .string(functionName), "entryPoint": .bool(entryPoint),
            "previousStepId": JSONValue(previousStepId), "nextStepId": JSONValue(nextStepId), "sequenceNo": JSONValue(sequenceNo),
            "description": .string(description), "argument": argument?.json ?? .null,
            "createdAt": JSONValue(createdAt), "createdBy": .string(createdBy), "modifiedAt": JSONValue(modifiedAt),
            "modifiedBy": .string(modifiedBy),
        ])
    }
}

extension ApprovalEntry: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "entryNo": JSONValue(entryNo), "recordId": JSONValue(recordId), "entitySet": .string(entitySet.rawValue),
            "documentType": JSONValue(documentType?.rawValue), "documentNo": .string(documentNo), "sequenceNo": JSONValue(sequenceNo),
            "approvalCode": .string(approvalCode), "workflowStepInstanceId": JSONValue(workflowStepInstanceId),
            "senderId": .string(senderId), "salespersonPurchaserCode": JSONValue(salespersonPurchaserCode),
            "approverId": .string(approverId), "status": .string(status.rawValue), "approvalType": .string(approvalType.rawValue),
            "limitType": .string(limitType.rawValue), "dateTimeSentForApproval": JSONValue(dateTimeSentForApproval),
            "lastDateTimeModified": JSONValue(lastDateTimeModified), "lastModifiedByUserId": .string(lastModifiedByUserId),
            "dueDate": .string(dueDate.formatted(.iso8601.year().month().day())),
            "delegationDateFormula": JSONValue(delegationDateFormula), "amount": .number(amount), "amountLCY": .number(amountLCY),
            "currencyCode": JSONValue(currencyCode), "availableCreditLimitLCY": JSONValue(availableCreditLimitLCY),
            "comments": .array(comments.map { .object(["userId": .string($0.userId), "text": .string($0.text), "createdAt": JSONValue($0.createdAt)]) }),
        ])
    }
}

extension NotificationEntry: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "id": JSONValue(id), "type": .string(type.rawValue), "recipientUserId": .string(recipientUserId),
            "recordId": JSONValue(recordId), "entitySet": .string(entitySet.rawValue), "approvalEntryNo": JSONValue(approvalEntryNo),
            "createdAt": JSONValue(createdAt), "createdBy": .string(createdBy), "link": JSONValue(link),
        ])
    }
}
