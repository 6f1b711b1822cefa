import Foundation

/// Business Central's workflow engine (codeunit 1501 "Workflow Management") as a pure function.
///
/// Given an event, a snapshot of the record's state and the time, it finds the step that takes the
/// event — an active step of a running instance first, else the entry point of an enabled workflow,
/// which starts a new instance — runs the responses that follow, and stops where the tree waits for
/// the next events. Events raised by responses are handled in order after the current chain.
/// No I/O, no clock: the outcome says what to store.
public struct WorkflowEngine: Sendable {
    public var catalog: WorkflowCatalog
    public var responseHandlers: [String: any WorkflowResponseHandler]
    /// Makes ids for new instances and notifications; tests pass a deterministic one.
    public var makeId: @Sendable () -> UUID

    /// The most events and responses one request may run, against workflows that loop forever.
    static let stepLimit = 1_000

    public init(
        catalog: WorkflowCatalog = .standard, responseHandlers: [any WorkflowResponseHandler] = [],
        makeId: @escaping @Sendable () -> UUID = { UUID.timeOrdered() }
    ) {
        self.catalog = catalog
        self.responseHandlers = Dictionary(responseHandlers.map { ($0.functionName.uppercased(), $0) }, uniquingKeysWith: { a, _ in a })
        self.makeId = makeId
    }

    /// Handles `event` and everything it sets off.
    public func handle(
        _ event: WorkflowEvent, in snapshot: WorkflowSnapshot, by userId: String, background: Bool = false, at now: Date
    ) throws -> WorkflowOutcome {
        var run = WorkflowRun(snapshot: snapshot, userId: userId, background: background, now: now, makeId: makeId)
        let handled = try process(event, in: &run)
        return run.outcome(handled: handled)
    }

    /// Handles `event`, then the events raised meanwhile; returns whether a step took the first one.
    func process(_ event: WorkflowEvent, in run: inout WorkflowRun) throws -> Bool {
        var budget = Self.stepLimit
        let handled = try dispatch(event, in: &run, budget: &budget)
        while !run.pendingEvents.isEmpty {
            let next = run.pendingEvents.removeFirst()
            _ = try dispatch(next, in: &run, budget: &budget)
        }
        return handled
    }

    private func dispatch(_ event: WorkflowEvent, in run: inout WorkflowRun, budget: inout Int) throws -> Bool {
        if let step = activeStep(taking: event, in: run) {
            try fire(step, trigger: event, in: &run, budget: &budget)
            return true
        }
        guard event.instanceId == nil, case .record = event.subject else { return false }
        for workflow in run.snapshot.workflows.sorted(by: { $0.code < $1.code }) where workflow.enabled {
            guard let root = workflow.rootStep, root.type == .event, root.functionName.uppercased() == event.functionName,
                  matches(root.argument?.eventConditions, rules: root.rules, event: event, in: run) else { continue }
            let instanceId = makeId()
            for step in workflow.steps {
                run.stepInstances.append(
                    WorkflowStepInstance(instanceId: instanceId, workflow: workflow, step: step, record: run.record, userId: run.userId, now: run.now)
                )
            }
            if run.workflowCode == nil { run.workflowCode = workflow.code }
            guard let rootInstance = run.stepInstance(instanceId, root.id) else { return false }
            try fire(rootInstance, trigger: event, in: &run, budget: &budget)
            return true
        }
        return false
    }

    /// The first active event step of the record's runs that takes `event`, in branch order.
    private func activeStep(taking event: WorkflowEvent, in run: WorkflowRun) -> WorkflowStepInstance? {
        run.stepInstances
            .filter { step in
                step.status == .active && step.type == .event && step.functionName.uppercased() == event.functionName
                    && (event.instanceId == nil || step.instanceId == event.instanceId)
            }
            .sorted { ($0.createdAt, $0.sequenceNo, $0.stepId) < ($1.createdAt, $1.sequenceNo, $1.stepId) }
            .first { matches($0.argument?.eventConditions, rules: $0.rules, event: event, in: run) }
    }

    /// The event step takes the event: it completes, its waiting siblings are ignored, and what follows runs.
    private func fire(_ step: WorkflowStepInstance, trigger: WorkflowEvent, in run: inout WorkflowRun, budget: inout Int) throws {
        try spend(&budget)
        if run.workflowCode == nil { run.workflowCode = step.workflowCode }
        for sibling in run.stepInstances where sibling.instanceId == step.instanceId && sibling.previousStepId == step.previousStepId
            && sibling.status == .active && sibling.stepId != step.stepId {
            run.setStatus(.ignored, sibling.instanceId, sibling.stepId)
        }
        run.setStatus(.completed, step.instanceId, step.stepId)
        try proceed(after: step, trigger: trigger, in: &run, budget: &budget)
    }

    /// Runs the responses after `step` (following a response's go-to), until the tree waits for events or ends.
    private func proceed(after step: WorkflowStepInstance, trigger: WorkflowEvent, in run: inout WorkflowRun, budget: inout Int) throws {
        var anchor = step
        if step.type == .response, let target = step.nextStepId, let jump = run.stepInstance(step.instanceId, target) {
            anchor = jump
        }
        let next = run.children(of: anchor.stepId, in: anchor.instanceId)
        for event in next where event.type == .event {
            run.setStatus(.active, event.instanceId, event.stepId)
        }
        for response in next where response.type == .response {
            try spend(&budget)
            run.setStatus(.processing, response.instanceId, response.stepId)
            try execute(response, trigger: trigger, in: &run)
            run.setStatus(.completed, response.instanceId, response.stepId)
            guard let done = run.stepInstance(response.instanceId, response.stepId) else { continue }
            try proceed(after: done, trigger: trigger, in: &run, budget: &budget)
        }
    }

    private func spend(_ budget: inout Int) throws {
        budget -= 1
        if budget < 0 {
            throw FlowGateError.conflict("workflow-loop", "The workflow ran more than \(Self.stepLimit) steps for one event; check its steps for a loop.")
        }
    }

    private func execute(_ step: WorkflowStepInstance, trigger: WorkflowEvent, in run: inout WorkflowRun) throws {
        if let handler = responseHandlers[step.functionName.uppercased()] {
            try handler.respond(to: step, trigger: trigger, in: &run)
        } else {
            try StandardResponses.run(step, trigger: trigger, in: &run)
        }
    }
}
