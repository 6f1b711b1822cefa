import Foundation

/// The automation platform's answers to a Flow entry (codeunit 1544 "Workflow Webhook Management":
/// Continue, Reject, Cancel), with Business Central's guards and texts.
extension WorkflowEngine {
    public static let responseNotExpectedMessage = "A response is not expected."
    public static let responseAlreadyReceivedMessage = "A response has already been received."

    /// Records `response` on the Flow entry and raises WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT, on which the
    /// registered workflow continues (release, reopen).
    ///
    /// Continue and Reject are the subscribing user's alone; Cancel is the initiator's, an approval
    /// administrator's, or an integration's acting for the business application. Repeating the same answer
    /// by the same user changes nothing and succeeds (an empty outcome), so platforms may retry safely.
    public func respondToWebhook(
        entryNo: Int, with response: WebhookResponse, in snapshot: WorkflowSnapshot, by actor: Actor, at now: Date
    ) throws -> WorkflowOutcome {
        guard var entry = snapshot.webhookEntries.first(where: { $0.entryNo == entryNo }) else {
            throw FlowGateError.notFound("Flow entry \(entryNo) does not exist.")
        }
        switch entry.response {
        case .notExpected:
            throw FlowGateError.conflict("response-not-expected", Self.responseNotExpectedMessage)
        case .pending:
            break
        default:
            if entry.response == response && entry.modifiedBy == actor.userId {
                return WorkflowRun(snapshot: snapshot, userId: actor.userId, background: false, now: now, makeId: makeId).outcome(handled: true)
            }
            throw FlowGateError.conflict("response-already-received", Self.responseAlreadyReceivedMessage)
        }
        try checkMayRespond(response, to: entry, in: snapshot, by: actor)
        var run = WorkflowRun(snapshot: snapshot, userId: actor.userId, background: false, now: now, makeId: makeId)
        entry.response = response
        entry.modifiedAt = now
        entry.modifiedBy = actor.userId
        run.update(entry)
        let event = WorkflowEvent(WorkflowEvents.webhookResponseReceived, subject: .webhookEntry(entryNo: entryNo), instanceId: entry.workflowStepInstanceId)
        _ = try process(event, in: &run)
        return run.outcome(handled: true)
    }

    /// The record's Flow entry still waiting for an answer, if any.
    public func pendingWebhookEntry(in snapshot: WorkflowSnapshot) -> WorkflowWebhookEntry? {
        snapshot.webhookEntries.filter { $0.response == .pending }.max { $0.entryNo < $1.entryNo }
    }

    private func checkMayRespond(_ response: WebhookResponse, to entry: WorkflowWebhookEntry, in snapshot: WorkflowSnapshot, by actor: Actor) throws {
        switch response {
        case .continue, .reject:
            guard let responseUserId = entry.responseUserId else {
                throw FlowGateError.conflict(
                    "response-not-expected", "The requested action cannot be completed because the Workflow Step Argument is not waiting for a user."
                )
            }
            guard responseUserId == actor.userId else {
                throw FlowGateError.forbidden(
                    "User \(actor.userId) cannot act on this step. Make sure the user who created the webhook (\(responseUserId)) is the same who is trying to act."
                )
            }
        case .cancel:
            let isAdministrator = snapshot.setup(actor.userId)?.approvalAdministrator == true
            guard actor.isIntegration || isAdministrator || entry.initiatedBy == actor.userId else {
                throw FlowGateError.forbidden("User \(actor.userId) does not have the permission necessary to cancel the item.")
            }
        case .pending, .notExpected:
            throw FlowGateError.validation(field: "response", "A response must be Continue, Reject or Cancel.")
        }
    }
}
