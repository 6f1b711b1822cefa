import FlowGateCore
import FlowGateStore
import Foundation
import Hummingbird

/// Approval entries and their decisions, the records' send/cancel actions, and notification entries.
struct ApprovalRoutes {
    let api: APIContext
    let workflows: WorkflowService

    func register(on group: RouterGroup<AppRequestContext>) {
        let store = api.store
        let workflows = workflows

        group.post("companies/:company/:entitySet/:id/sendApprovalRequest") { request, context in
            let caller = try context.caller()
            let (company, entitySet, id) = (try await api.company(context), try RecordRoutes.entitySet(context), try context.parameters.uuid("id"))
            let sender = try await actingUser(caller, body: try await request.optionalJSONObject(limit: api.bodyLimit), action: "send approval requests")
            let (outcome, applied) = try await workflows.run(companyId: company.id, entitySet: entitySet, recordId: id) { engine, snapshot, now in
                try engine.sendForApproval(snapshot, by: sender, at: now)
            }
            return try Self.actionResponse(outcome, applied)
        }
        group.post("companies/:company/:entitySet/:id/cancelApprovalRequest") { request, context in
            let caller = try context.caller()
            let (company, entitySet, id) = (try await api.company(context), try RecordRoutes.entitySet(context), try context.parameters.uuid("id"))
            let user = try await actingUser(caller, body: try await request.optionalJSONObject(limit: api.bodyLimit), action: "cancel approval requests")
            let actor = WorkflowEngine.Actor(userId: user, isIntegration: caller.role >= .integration)
            let (outcome, applied) = try await workflows.run(companyId: company.id, entitySet: entitySet, recordId: id) { engine, snapshot, now in
                try engine.cancelApprovalRequest(snapshot, by: actor, at: now)
            }
            return try Self.actionResponse(outcome, applied)
        }

        group.get("companies/:company/approvalEntries") { request, context in
            let caller = try context.caller()
            let company = try await api.company(context)
            var filter = ApprovalEntryQuery(
                status: try request.queryOption("status", ApprovalStatus.self),
                approverId: request.uri.queryParameters.get("approverId")?.uppercased(), recordId: try request.queryUUID("recordId")
            )
            if try await !seesAllEntries(caller, companyId: company.id) { filter.involving = caller.user.userName }
            return try await store.approvalEntries(companyId: company.id, filter, try request.pageRequest()).response()
        }
        group.get("companies/:company/approvalEntries/:entryNo") { _, context in
            let caller = try context.caller()
            let company = try await api.company(context)
            let entryNo = try Self.entryNo(context)
            let seesAll = try await seesAllEntries(caller, companyId: company.id)
            guard let entry = try await store.approvalEntry(companyId: company.id, entryNo: entryNo),
                  seesAll || entry.approverId == caller.user.userName || entry.senderId == caller.user.userName else {
                throw FlowGateError.notFound("Approval entry \(entryNo) does not exist.")
            }
            return JSONResponse.make(entry.json)
        }
        for action in ["approve", "reject", "delegate"] {
            group.post("companies/:company/approvalEntries/:entryNo/\(action)") { request, context in
                let caller = try context.caller()
                let company = try await api.company(context)
                let entryNo = try Self.entryNo(context)
                let comment = try Inputs.comment(try await request.optionalJSONObject(limit: api.bodyLimit))
                let user = caller.user.userName
                _ = try await workflows.run(companyId: company.id, entryNo: entryNo) { engine, snapshot, now in
                    switch action {
                    case "approve": try engine.approve(entryNo: entryNo, in: snapshot, by: user, comment: comment, at: now)
                    case "reject": try engine.reject(entryNo: entryNo, in: snapshot, by: user, comment: comment, at: now)
                    default: try engine.delegate(entryNo: entryNo, in: snapshot, by: user, at: now)
                    }
                }
                guard let entry = try await store.approvalEntry(companyId: company.id, entryNo: entryNo) else {
                    throw FlowGateError.notFound("Approval entry \(entryNo) does not exist.")
                }
                return JSONResponse.make(entry.json)
            }
        }

        group.get("companies/:company/notificationEntries") { request, context in
            let caller = try context.caller()
            let company = try await api.company(context)
            let recipient = caller.role == .user ? caller.user.userName : request.uri.queryParameters.get("recipientUserId")?.uppercased()
            return try await store.notificationEntries(companyId: company.id, recipient: recipient, try request.pageRequest()).response()
        }
    }

    /// The user an approval request is sent or canceled for: a user key's own user; an integration key's
    /// user, or the one it names in `requestedBy`.
    private func actingUser(_ caller: Principal, body: [String: JSONValue], action: String) async throws -> String {
        let named = try Inputs.requestedBy(body.isEmpty ? nil : body)
        guard let named, named != caller.user.userName else { return caller.user.userName }
        try caller.require(.integration, to: "\(action) on behalf of another user (requestedBy)")
        guard try await api.store.user(named: named) != nil else {
            throw FlowGateError.validation(field: "requestedBy", "user '\(named)' does not exist")
        }
        return named
    }

    /// Admin and integration keys see every entry, and so does the approval administrator (approval-routing §7);
    /// other user keys see the entries they approve or sent.
    private func seesAllEntries(_ caller: Principal, companyId: UUID) async throws -> Bool {
        if caller.role != .user { return true }
        return try await api.store.approvalUserSetup(companyId: companyId, userName: caller.user.userName)?.approvalAdministrator == true
    }

    static func entryNo(_ context: AppRequestContext) throws -> Int {
        let raw = try context.parameters.text("entryNo")
        guard let entryNo = Int(raw), entryNo > 0 else { throw FlowGateError.notFound("Approval entry '\(raw)' does not exist.") }
        return entryNo
    }

    /// The record after the action, the workflow that took it, the entries it created or changed, and its messages.
    static func actionResponse(_ outcome: WorkflowOutcome, _ applied: AppliedOutcome) throws -> Response {
        JSONResponse.make(
            JSONValue.object([
                "record": applied.record.json, "workflowCode": JSONValue(outcome.workflowCode),
                "approvalEntries": .array(applied.approvalEntries.map(\.json)), "messages": .array(outcome.messages.map(JSONValue.string)),
            ]),
            etag: applied.record.version
        )
    }
}
