import Foundation

/// Business Central's checks on a workflow definition: what a save needs, and what enabling needs.
extension Workflow {
    /// Checks made on every save: the code and steps are well formed, filters and formulas parse.
    ///
    /// A bad filter is reported as `invalid-filter` with its position, naming the step's field.
    public func validateDefinition() throws {
        var problems = ValidationErrors()
        if code.isEmpty || code.count > 20 { problems.add("code", "is required, 1 to 20 characters") }
        if description.count > 100 { problems.add("description", "must be at most 100 characters") }
        var seen = Set<Int>()
        for (index, step) in steps.enumerated() {
            let path = "steps[\(index)]"
            if step.id <= 0 { problems.add("\(path).id", "must be a positive number") }
            if !seen.insert(step.id).inserted { problems.add("\(path).id", "step id \(step.id) is used twice") }
            if step.functionName.isEmpty || step.functionName.count > 128 { problems.add("\(path).functionName", "is required, 1 to 128 characters") }
            if let formula = step.argument?.dueDateFormula {
                do { _ = try DateFormula(parsing: formula, field: "\(path).argument.dueDateFormula") } catch {
                    error.errors.forEach { problems.add($0.field, $0.message) }
                }
            }
        }
        try problems.throwIfAny()
        for (index, step) in steps.enumerated() {
            guard let conditions = step.argument?.eventConditions else { continue }
            for (part, list) in [("header", conditions.header), ("lines", conditions.lines)] {
                for (position, condition) in list.enumerated() {
                    let field = "steps[\(index)].argument.eventConditions.\(part)[\(position)].filter"
                    do { _ = try FilterExpression(parsing: condition.filter) } catch {
                        throw FlowGateError(
                            .badRequest, type: "invalid-filter", detail: "\(field) (\(condition.field)): \(error.detail)",
                            errors: [.init(field: field, message: error.detail)]
                        )
                    }
                }
            }
        }
    }

    /// Checks made when enabling (Workflow.Table.al): one root entry point, entry points are events,
    /// no orphan steps, known functions, the options each response needs, and no other enabled
    /// workflow starting on the same event with overlapping conditions.
    public func validateForEnabling(catalog: WorkflowCatalog, otherEnabled: [Workflow]) throws {
        try validateDefinition()
        var problems = ValidationErrors()
        let roots = steps.filter { $0.entryPoint && $0.previousStepId == nil }
        if roots.count != 1 {
            problems.add("steps", "must have exactly one entry-point step without a previous step (found \(roots.count))")
        }
        let ids = Set(steps.map(\.id))
        for (index, step) in steps.enumerated() {
            let path = "steps[\(index)]"
            if step.entryPoint && step.type != .event { problems.add("\(path).type", "an entry point must be an event") }
            if let previous = step.previousStepId, !ids.contains(previous) {
                problems.add("\(path).previousStepId", "step \(previous) does not exist")
            }
            if !step.entryPoint && step.previousStepId == nil { problems.add("\(path).previousStepId", "step \(step.id) is not connected to the workflow") }
            if let next = step.nextStepId, !ids.contains(next) { problems.add("\(path).nextStepId", "step \(next) does not exist") }
            switch step.type {
            case .event:
                if catalog.event(step.functionName) == nil { problems.add("\(path).functionName", "'\(step.functionName)' is not an event of the catalogue") }
            case .response:
                guard let response = catalog.response(step.functionName) else {
                    problems.add("\(path).functionName", "'\(step.functionName)' is not a response of the catalogue")
                    continue
                }
                for option in response.requiredOptions where !(step.argument ?? WorkflowStepArgument()).has(option) {
                    problems.add("\(path).argument.\(option.rawValue)", "is required by \(response.functionName)")
                }
                if step.argument?.approverType == .workflowUserGroup, (step.argument?.workflowUserGroupCode ?? "").isEmpty {
                    problems.add("\(path).argument.workflowUserGroupCode", "is required when the approver type is Workflow User Group")
                }
                if step.argument?.approverLimitType == .specificApprover, (step.argument?.approverUserId ?? "").isEmpty {
                    problems.add("\(path).argument.approverUserId", "is required when the approver limit type is Specific Approver")
                }
            case .subWorkflow:
                problems.add("\(path).type", "sub-workflows are not supported by this gateway")
            }
        }
        if roots.count == 1 { checkReachable(from: roots[0], &problems) }
        try problems.throwIfAny()
        if let root = roots.first, let clash = otherEnabled.first(where: { $0.code != code && $0.startsOverlapping(with: root) }) {
            throw FlowGateError.conflict(
                "workflow-conflict",
                "Workflow \(clash.code) is already enabled for the event \(root.functionName) with conditions that overlap this workflow's; disable it or make the conditions exclusive."
            )
        }
    }

    /// The checks of a save: enabling's for an enabled workflow, the definition's otherwise.
    public func validateForStoring(catalog: WorkflowCatalog, otherEnabled: [Workflow]) throws {
        if enabled {
            try validateForEnabling(catalog: catalog, otherEnabled: otherEnabled)
        } else {
            try validateDefinition()
        }
    }

    /// Whether `new` may replace this stored workflow: an enabled workflow's steps cannot change, and a
    /// workflow registered by a webhook subscription is the subscription's to change.
    public func checkCanBeReplaced(by new: Workflow) throws {
        if source == .flow {
            throw FlowGateError.conflict(
                "workflow-managed-by-subscription", "Workflow \(code) belongs to a webhook subscription and cannot be edited."
            )
        }
        if enabled && steps != new.steps {
            throw FlowGateError.conflict("workflow-enabled", "Enabled workflows cannot be edited; disable \(code) first.")
        }
    }

    /// Whether this stored workflow may be deleted: only when disabled, and when no run of it still waits.
    public func checkCanBeDeleted(hasActiveRuns: Bool) throws {
        if enabled {
            throw FlowGateError.conflict("workflow-enabled", "Workflow \(code) is enabled; disable it before deleting it.")
        }
        if hasActiveRuns {
            throw FlowGateError.conflict("workflow-in-use", "Workflow \(code) cannot be deleted because it has active workflow step instances.")
        }
    }

    /// Every step must hang, through its previous steps, from the root; a cycle of previous steps is an orphan too.
    private func checkReachable(from root: WorkflowStep, _ problems: inout ValidationErrors) {
        var reached: Set<Int> = [root.id]
        var frontier = [root.id]
        while let current = frontier.popLast() {
            for step in steps where step.previousStepId == current && !reached.contains(step.id) {
                reached.insert(step.id)
                frontier.append(step.id)
            }
        }
        for (index, step) in steps.enumerated() where !reached.contains(step.id) && step.previousStepId != nil {
            problems.add("steps[\(index)]", "step \(step.id) cannot be reached from the entry point")
        }
    }

    /// Whether this workflow's entry point takes the same event as `root` with conditions that can both hold.
    func startsOverlapping(with root: WorkflowStep) -> Bool {
        guard enabled, let mine = rootStep, mine.functionName.uppercased() == root.functionName.uppercased() else { return false }
        return EventConditions.overlap(mine.argument?.eventConditions, root.argument?.eventConditions)
    }
}

extension EventConditions {
    /// Two entry conditions overlap unless some field is filtered in both to disjoint sets of plain values
    /// (such as `documentType` Order against Invoice). Anything subtler is treated as overlapping.
    static func overlap(_ first: EventConditions?, _ second: EventConditions?) -> Bool {
        guard let first, let second else { return true }
        for a in first.header {
            for b in second.header where a.field == b.field {
                if let left = plainValues(a.filter), let right = plainValues(b.filter), left.isDisjoint(with: right) { return false }
            }
        }
        return true
    }

    /// The values of a filter that is only `v` or `v1|v2|…`, upper-cased.
    private static func plainValues(_ text: String) -> Set<String>? {
        guard let filter = try? FilterExpression(parsing: text) else { return nil }
        func values(_ node: FilterNode) -> Set<String>? {
            switch node {
            case .comparison(.equal, .literal(let value), _): [value.uppercased()]
            case .anyOf(let nodes):
                nodes.reduce(Set<String>?.some([])) { result, node in
                    guard let result, let more = values(node) else { return nil }
                    return result.union(more)
                }
            default: nil
            }
        }
        return values(filter.root)
    }
}

extension WorkflowStepArgument {
    /// Whether the option has a value.
    func has(_ option: ArgumentOption) -> Bool {
        switch option {
        case .approverType: approverType != nil
        case .approverLimitType: approverLimitType != nil
        case .workflowUserGroupCode: !(workflowUserGroupCode ?? "").isEmpty
        case .approverUserId: !(approverUserId ?? "").isEmpty
        case .dueDateFormula: dueDateFormula != nil
        case .delegateAfter: delegateAfter != nil
        case .notifySender: notifySender != nil
        case .notificationUserId: !(notificationUserId ?? "").isEmpty
        case .notificationEntryType: notificationEntryType != nil
        case .message: !(message ?? "").isEmpty
        case .linkTargetPage: linkTargetPage != nil
        case .customLink: !(customLink ?? "").isEmpty
        case .showConfirmationMessage: showConfirmationMessage != nil
        case .responseType: responseType != nil
        case .responseUserId: !(responseUserId ?? "").isEmpty
        case .fieldName: !(fieldName ?? "").isEmpty
        case .generalJournalTemplateName: !(generalJournalTemplateName ?? "").isEmpty
        case .generalJournalBatchName: !(generalJournalBatchName ?? "").isEmpty
        }
    }
}
