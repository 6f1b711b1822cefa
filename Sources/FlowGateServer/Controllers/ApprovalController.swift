import FlowGateApp
import FlowGateCore
import FlowGateStore
import Foundation
import Hummingbird

/// Approval entries and their decisions, the records' send/cancel actions, and notification entries.
struct ApprovalController {
    let api: APIContext

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("companies/:company/:entitySet/:id/sendApprovalRequest", use: send)
        routes.post("companies/:company/:entitySet/:id/cancelApprovalRequest", use: cancel)
        routes.get("companies/:company/approvalEntries", use: listEntries)
        routes.get("companies/:company/approvalEntries/:entryNo", use: getEntry)
        routes.post("companies/:company/approvalEntries/:entryNo/approve", use: approve)
        routes.post("companies/:company/approvalEntries/:entryNo/reject", use: reject)
        routes.post("companies/:company/approvalEntries/:entryNo/delegate", use: delegate)
        routes.get("companies/:company/notificationEntries", use: notificationEntries)
        return routes
    }

    private var approvals: Approvals { api.gateway.approvals }

    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        let (company, entitySet, id) = (try await api.company(context), try RecordController.entitySet(context), try context.parameters.uuid("id"))
        let requestedBy = try await requestedBy(request)
        return Self.response(
            try await approvals.sendApprovalRequest(caller, company: company, entitySet: entitySet, recordId: id, requestedBy: requestedBy)
        )
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        let (company, entitySet, id) = (try await api.company(context), try RecordController.entitySet(context), try context.parameters.uuid("id"))
        let requestedBy = try await requestedBy(request)
        return Self.response(
            try await approvals.cancelApprovalRequest(caller, company: company, entitySet: entitySet, recordId: id, requestedBy: requestedBy)
        )
    }

    @Sendable func listEntries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        let company = try await api.company(context)
        let query = ApprovalEntryQuery(
            status: try request.queryOption("status", ApprovalStatus.self),
            approverId: request.uri.queryParameters.get("approverId")?.uppercased(), recordId: try request.queryUUID("recordId")
        )
        return try await approvals.approvalEntries(caller, company: company, query, try request.pageRequest()).response()
    }

    @Sendable func getEntry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        let company = try await api.company(context)
        return JSONResponse.make(try await approvals.approvalEntry(caller, company: company, entryNo: try Self.entryNo(context)).json)
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(.approve, request, context)
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(.reject, request, context)
    }

    @Sendable func delegate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await decide(.delegate, request, context)
    }

    private func decide(_ decision: Approvals.Decision, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        let company = try await api.company(context)
        let entryNo = try Self.entryNo(context)
        let comment = try Inputs.comment(try await request.optionalJSONObject(limit: api.bodyLimit))
        return JSONResponse.make(try await approvals.decide(decision, caller, company: company, entryNo: entryNo, comment: comment).json)
    }

    @Sendable func notificationEntries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.caller()
        let company = try await api.company(context)
        let recipient = request.uri.queryParameters.get("recipientUserId")?.uppercased()
        return try await approvals.notificationEntries(caller, company: company, recipient: recipient, try request.pageRequest()).response()
    }

    /// The user named in an optional body's `requestedBy`.
    private func requestedBy(_ request: Request) async throws -> String? {
        let body = try await request.optionalJSONObject(limit: api.bodyLimit)
        return try Inputs.requestedBy(body.isEmpty ? nil : body)
    }

    static func entryNo(_ context: AppRequestContext) throws -> Int {
        let raw = try context.parameters.text("entryNo")
        guard let entryNo = Int(raw), entryNo > 0 else { throw FlowGateError.notFound("Approval entry '\(raw)' does not exist.") }
        return entryNo
    }

    /// The record after the action, the workflow that took it, the entries it created or changed, and its messages.
    static func response(_ result: Approvals.ActionResult) -> Response {
        JSONResponse.make(
            JSONValue.object([
                "record": result.record.json, "workflowCode": JSONValue(result.workflowCode),
                "approvalEntries": .array(result.approvalEntries.map(\.json)), "messages": .array(result.userMessages.map(JSONValue.string)),
            ]),
            etag: result.record.version
        )
    }
}
