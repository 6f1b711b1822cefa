/// How a deployment runs its own responses: register a handler for each response it added to the catalogue.
///
/// The handler gets the response step (with its argument) and the run, which it may change:
/// the record, messages, notifications, or further events to raise.
public protocol WorkflowResponseHandler: Sendable {
    /// The response's function name, as in the catalogue.
    var functionName: String { get }
    func respond(to step: WorkflowStepInstance, trigger: WorkflowEvent, in run: inout WorkflowRun) throws
}
