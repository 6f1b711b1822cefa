/// Appends the steps of one workflow's tree in the order Business Central's template setup inserts them.
///
/// Step ids start at 1. Sequence numbers follow Business Central: the entry point keeps the
/// field's initial value 1; a step added after another gets 0 when it is the first step there,
/// otherwise the sequence number of the last step added there plus 1. Only the order among
/// alternative branches matters to the engine; the exact numbers are kept so that an export
/// matches Business Central's.
struct TemplateBuilder {
    private(set) var steps: [WorkflowStep] = []

    /// Adds the workflow's root: an entry-point event without a previous step.
    @discardableResult
    mutating func entryEvent(_ functionName: String, conditions: EventConditions? = nil, rules: [WorkflowRule] = []) -> Int {
        append(
            WorkflowStep(
                id: steps.count + 1, entryPoint: true, type: .event, functionName: functionName, sequenceNo: 1,
                argument: conditions.map { WorkflowStepArgument(eventConditions: $0) }, rules: rules
            )
        )
    }

    /// Adds an event that may follow `previous`; several events after the same step are alternative branches.
    @discardableResult
    mutating func event(_ functionName: String, after previous: Int, conditions: EventConditions? = nil, sequenceNo: Int? = nil) -> Int {
        append(
            WorkflowStep(
                id: steps.count + 1, previousStepId: previous, type: .event, functionName: functionName,
                sequenceNo: sequenceNo ?? nextSequenceNo(after: previous),
                argument: conditions.map { WorkflowStepArgument(eventConditions: $0) }
            )
        )
    }

    /// Adds a response run after `previous`.
    @discardableResult
    mutating func response(_ functionName: String, after previous: Int, argument: WorkflowStepArgument? = nil) -> Int {
        append(
            WorkflowStep(
                id: steps.count + 1, previousStepId: previous, type: .response, functionName: functionName,
                sequenceNo: nextSequenceNo(after: previous), argument: argument
            )
        )
    }

    /// Adds responses one after the other, starting after `previous`; returns the last one's id.
    @discardableResult
    mutating func responses(_ responses: [TemplateResponse], after previous: Int) -> Int {
        responses.reduce(previous) { last, next in response(next.functionName, after: last, argument: next.argument) }
    }

    /// Makes `stepId` continue at `target` when it has run (Business Central's Next Workflow Step ID).
    mutating func goTo(_ target: Int, from stepId: Int) {
        precondition(steps.indices.contains(target - 1) && target != stepId, "a template loops to an unknown step")
        steps[stepId - 1].nextStepId = target
    }

    private func nextSequenceNo(after previous: Int) -> Int {
        steps.last { $0.previousStepId == previous }.map { $0.sequenceNo + 1 } ?? 0
    }

    private mutating func append(_ step: WorkflowStep) -> Int {
        steps.append(step)
        return step.id
    }
}

/// A response and its options, as one element of a chain of responses.
struct TemplateResponse {
    var functionName: String
    var argument: WorkflowStepArgument?

    init(_ functionName: String, _ argument: WorkflowStepArgument? = nil) {
        self.functionName = functionName
        self.argument = argument
    }
}

extension WorkflowStepArgument {
    /// CREATEAPPROVALREQUESTS options of a template: no group, no specific approver, a blank due date formula.
    static func approval(_ type: ApproverType, _ limit: ApproverLimitType, showConfirmationMessage: Bool) -> Self {
        WorkflowStepArgument(approverType: type, approverLimitType: limit, showConfirmationMessage: showConfirmationMessage)
    }

    /// The notification options Business Central sets on the send, reject and cancel responses.
    static func notifySender(_ notifySender: Bool) -> Self {
        WorkflowStepArgument(notifySender: notifySender)
    }

    static func message(_ text: String) -> Self {
        WorkflowStepArgument(message: text)
    }

    /// REVERTVALUEFORFIELD and APPLYNEWVALUES options: the field the change request is about.
    static func field(_ name: String) -> Self {
        WorkflowStepArgument(fieldName: name)
    }
}

extension EventConditions {
    /// A sales or purchase header in `status` with `documentType`; no condition on its lines.
    static func document(_ status: RecordStatus, _ type: DocumentType) -> Self {
        EventConditions(header: [
            FieldCondition(field: "status", filter: status.rawValue),
            FieldCondition(field: "documentType", filter: type.rawValue),
        ])
    }

    /// On the approval entry just approved: no Created or Open entries remain for the record.
    static let noPendingApprovals = EventConditions(header: [FieldCondition(field: "pendingApprovals", filter: "0")])

    /// On the approval entry just approved: Created or Open entries remain for the record.
    static let pendingApprovals = EventConditions(header: [FieldCondition(field: "pendingApprovals", filter: ">0")])
}
