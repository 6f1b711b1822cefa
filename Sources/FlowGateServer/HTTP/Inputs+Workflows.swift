import FlowGateApp
import FlowGateCore
import Foundation

/// Parses workflow documents (PUT, import) and the small bodies of workflow and approval actions.
extension Inputs {
    static let workflowKeys: Set<String> = [
        "code", "description", "enabled", "template", "category", "source", "clientId", "subscriptionId", "steps",
    ]
    static let stepKeys: Set<String> = [
        "id", "description", "entryPoint", "previousStepId", "nextStepId", "type", "functionName", "sequenceNo", "argument", "rules",
    ]
    static let argumentKeys: Set<String> = [
        "eventConditions", "approverType", "approverLimitType", "workflowUserGroupCode", "approverUserId", "dueDateFormula",
        "delegateAfter", "notifySender", "notificationUserId", "notificationEntryType", "message", "linkTargetPage", "customLink",
        "showConfirmationMessage", "responseType", "responseUserId", "fieldName", "generalJournalTemplateName", "generalJournalBatchName",
    ]

    /// A workflow as a client sends it; `code` comes from the path when given there. Read-only members
    /// a GET or an export shows (`template`, `source`, `clientId`, `subscriptionId`) are accepted and ignored.
    static func workflow(_ object: [String: JSONValue], companyId: UUID, code pathCode: String?, path: String = "") throws -> Workflow {
        var reader = JSONObjectReader(object, path: path)
        reader.rejectUnknown(allowed: workflowKeys, context: "a workflow")
        var code = pathCode ?? ""
        if let given = reader.string("code").value {
            let normalized = given.trimmingCharacters(in: .whitespaces).uppercased()
            if let pathCode, normalized != pathCode { reader.add("code", "'\(given)' differs from '\(pathCode)' in the path") }
            if pathCode == nil { code = normalized }
        } else if pathCode == nil {
            reader.add("code", "is required")
        }
        if code.hasPrefix(WorkflowTemplates.codePrefix) {
            reader.add("code", "codes starting with MS- are kept for templates and registered workflows")
        }
        if reader.bool("template").value == true {
            reader.add("template", "templates are built in (MS- codes); copy one with POST .../workflowTemplates/{code}/copy")
        }
        // Read so a wrong type is still reported; the values themselves are the gateway's to set.
        _ = (reader.string("source"), reader.string("clientId"), reader.string("subscriptionId"))
        var workflow = Workflow(
            companyId: companyId, code: code, description: reader.string("description").value ?? "",
            enabled: reader.bool("enabled").value ?? false, category: reader.enumeration("category", WorkflowCategory.self).value
        )
        for (index, item) in (reader.array("steps").value ?? []).enumerated() {
            guard case .object(let stepObject) = item else {
                reader.add("steps[\(index)]", "must be an object, not \(item.typeName)")
                continue
            }
            var stepReader = JSONObjectReader(stepObject, path: reader.fieldName("steps[\(index)]"))
            if let step = step(&stepReader) { workflow.steps.append(step) }
            stepReader.problems.errors.forEach { reader.problems.add($0.field, $0.message) }
        }
        try reader.problems.throwIfAny()
        try workflow.validateDefinition()
        return workflow
    }

    private static func step(_ reader: inout JSONObjectReader) -> WorkflowStep? {
        reader.rejectUnknown(allowed: stepKeys, context: "a workflow step")
        let id = reader.int("id").value
        if id == nil { reader.add("id", "is required") }
        let type = reader.enumeration("type", WorkflowStepType.self).value
        if type == nil && !reader.has("type") { reader.add("type", "is required: 'Event', 'Response' or 'Sub-Workflow'") }
        let functionName = reader.string("functionName").value?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
        var argument: WorkflowStepArgument?
        if let object = reader.object("argument").value {
            var argumentReader = JSONObjectReader(object, path: reader.fieldName("argument"))
            argument = stepArgument(&argumentReader)
            argumentReader.problems.errors.forEach { reader.problems.add($0.field, $0.message) }
        }
        var rules: [WorkflowRule] = []
        for (index, item) in (reader.array("rules").value ?? []).enumerated() {
            guard case .object(let object) = item else {
                reader.add("rules[\(index)]", "must be an object")
                continue
            }
            var ruleReader = JSONObjectReader(object, path: reader.fieldName("rules[\(index)]"))
            ruleReader.rejectUnknown(allowed: ["id", "fieldName", "operator"], context: "a workflow rule")
            let fieldName = ruleReader.string("fieldName").value ?? ""
            if fieldName.isEmpty { ruleReader.add("fieldName", "is required") }
            let ruleOperator = ruleReader.enumeration("operator", WorkflowRuleOperator.self).value ?? .changed
            rules.append(WorkflowRule(id: ruleReader.int("id").value ?? index + 1, fieldName: fieldName, operator: ruleOperator))
            ruleReader.problems.errors.forEach { reader.problems.add($0.field, $0.message) }
        }
        guard let id, let type else { return nil }
        return WorkflowStep(
            id: id, description: reader.string("description").value ?? "", entryPoint: reader.bool("entryPoint").value ?? false,
            previousStepId: reader.int("previousStepId").value, nextStepId: reader.int("nextStepId").value, type: type,
            functionName: functionName, sequenceNo: reader.int("sequenceNo").value ?? 1, argument: argument, rules: rules
        )
    }

    private static func stepArgument(_ reader: inout JSONObjectReader) -> WorkflowStepArgument {
        reader.rejectUnknown(allowed: argumentKeys, context: "a step argument")
        func code(_ key: String) -> String? {
            guard let raw = reader.string(key).value?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw.uppercased()
        }
        var argument = WorkflowStepArgument(
            approverType: reader.enumeration("approverType", ApproverType.self).value,
            approverLimitType: reader.enumeration("approverLimitType", ApproverLimitType.self).value,
            workflowUserGroupCode: code("workflowUserGroupCode"), approverUserId: code("approverUserId"),
            dueDateFormula: reader.string("dueDateFormula").value, delegateAfter: reader.enumeration("delegateAfter", DelegateAfter.self).value,
            notifySender: reader.bool("notifySender").value, notificationUserId: code("notificationUserId"),
            notificationEntryType: reader.enumeration("notificationEntryType", NotificationEntryType.self).value,
            message: reader.string("message").value, linkTargetPage: reader.int("linkTargetPage").value,
            customLink: reader.string("customLink").value, showConfirmationMessage: reader.bool("showConfirmationMessage").value,
            responseType: reader.enumeration("responseType", WebhookResponseType.self).value, responseUserId: code("responseUserId"),
            fieldName: reader.string("fieldName").value, generalJournalTemplateName: reader.string("generalJournalTemplateName").value,
            generalJournalBatchName: reader.string("generalJournalBatchName").value
        )
        if let object = reader.object("eventConditions").value {
            var conditions = JSONObjectReader(object, path: reader.fieldName("eventConditions"))
            conditions.rejectUnknown(allowed: ["header", "lines"], context: "event conditions")
            func list(_ key: String) -> [FieldCondition] {
                (conditions.array(key).value ?? []).enumerated().compactMap { index, item in
                    guard case .object(let object) = item else {
                        conditions.add("\(key)[\(index)]", "must be an object with field and filter")
                        return nil
                    }
                    var condition = JSONObjectReader(object, path: conditions.fieldName("\(key)[\(index)]"))
                    condition.rejectUnknown(allowed: ["field", "filter"], context: "a condition")
                    let field = condition.string("field").value ?? ""
                    if field.isEmpty { condition.add("field", "is required") }
                    let filter = condition.string("filter").value ?? ""
                    condition.problems.errors.forEach { conditions.problems.add($0.field, $0.message) }
                    return FieldCondition(field: field, filter: filter)
                }
            }
            argument.eventConditions = EventConditions(header: list("header"), lines: list("lines"))
            conditions.problems.errors.forEach { reader.problems.add($0.field, $0.message) }
        }
        return argument
    }

    /// `{"code", "description", "enabled"}` of a template copy.
    static func templateCopy(_ object: [String: JSONValue]) throws -> (code: String, description: String?, enabled: Bool) {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["code", "description", "enabled"], context: "a template copy")
        let code = reader.string("code").value?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
        if code.isEmpty || code.count > 20 { reader.add("code", "is required, 1 to 20 characters") }
        if code.hasPrefix(WorkflowTemplates.codePrefix) { reader.add("code", "codes starting with MS- are kept for templates") }
        let description = reader.string("description").value
        let enabled = reader.bool("enabled").value ?? false
        try reader.problems.throwIfAny()
        return (code, description, enabled)
    }

    /// The optional `{"comment": "..."}` of approve, reject and delegate.
    static func comment(_ object: [String: JSONValue]?) throws -> String? {
        guard let object else { return nil }
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["comment"], context: "an approval decision")
        let comment = reader.string("comment").value
        if let comment, comment.count > 250 { reader.add("comment", "must be at most 250 characters") }
        try reader.problems.throwIfAny()
        return comment
    }

    /// The optional `{"requestedBy": "<userName>"}` of sendApprovalRequest and cancelApprovalRequest.
    static func requestedBy(_ object: [String: JSONValue]?) throws -> String? {
        guard let object else { return nil }
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["requestedBy"], context: "an approval request")
        let user = reader.string("requestedBy").value?.trimmingCharacters(in: .whitespaces).uppercased()
        if let user, user.isEmpty { reader.add("requestedBy", "must name a user") }
        try reader.problems.throwIfAny()
        return user
    }
}
