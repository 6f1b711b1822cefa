import Foundation

/// SENDNOTIFICATIONTOWEBHOOK (codeunit 1543's GenerateRequest): a Flow entry for the run, whose request the
/// gateway then posts to the subscription's endpoint.
enum WebhookResponses {
    static func sendNotification(_ step: WorkflowStepInstance, argument: WorkflowStepArgument, in run: inout WorkflowRun) {
        // Business Central expects an answer when the step's Response Type is not Not Expected and the run has
        // a response-received event to continue on (codeunit 1543's GetInitialResponseValue).
        let expectsAnswer = argument.responseType != .notExpected && run.stepInstances.contains {
            $0.instanceId == step.instanceId && $0.type == .event && $0.functionName.uppercased() == WorkflowEvents.webhookResponseReceived
        }
        let entry = WorkflowWebhookEntry(
            id: run.makeId(), companyId: run.record.companyId, entryNo: run.nextWebhookEntryNo, workflowStepInstanceId: step.instanceId,
            workflowCode: step.workflowCode, recordId: run.record.id, entitySet: run.record.entitySet, initiatedBy: run.userId,
            initiatedAt: run.now, response: expectsAnswer ? .pending : .notExpected,
            responseUserId: argument.responseType == .userId ? argument.responseUserId : nil
        )
        run.nextWebhookEntryNo += 1
        run.update(entry)
    }
}
