import FlowGateDelivery
import Foundation
import Testing

@testable import FlowGateApp
@testable import FlowGateCore

/// One factory turns any outbound event into its outbox message.
@Suite struct OutboundMessageFactoryTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let links = OutboundLinks(baseURL: "https://gateway.example")

    /// A kind of event the factory has never heard of, as the next issues add them.
    struct Pinged: OutboundEvent {
        static let type = "test.pinged"
        var messageId = UUID()
        var companyId: UUID? = nil
        var sourceId: UUID? = nil
        func data(links: OutboundLinks) -> JSONValue { .object(["at": .string(links.baseURL)]) }
    }

    func body(_ message: OutboxMessage) throws -> [String: JSONValue] {
        try object(try JSONDecoder().decode(JSONValue.self, from: Data(message.payload)))
    }

    func object(_ value: JSONValue?) throws -> [String: JSONValue] {
        guard case .object(let object)? = value else { throw FlowGateError.badRequest("test", "not an object: \(String(describing: value))") }
        return object
    }

    @Test("Any event becomes {type, timestamp, data} under its own id and type, due after the schedule's first delay")
    func anyEvent() throws {
        let event = Pinged()
        let factory = OutboundMessageFactory(retryPolicy: RetryPolicy(schedule: try RetrySchedule(parsing: "7")))
        let message = factory.message(for: event, links: Self.links, at: Self.now)
        #expect(message.id == event.messageId && message.eventType == "test.pinged" && message.subscriptionId == nil)
        #expect(message.createdAt == Self.now)
        let delay = try #require(message.nextAttemptAt).timeIntervalSince(Self.now)
        #expect(delay >= 7 * 0.8 && delay <= 7 * 1.2)
        #expect(try body(message) == [
            "type": .string("test.pinged"), "timestamp": .string("2025-06-15T15:06:40Z"), "data": .object(["at": .string("https://gateway.example")]),
        ])
    }

    @Test("approval.requested carries Business Central's fields, the record and the callback URLs of its Flow entry")
    func approvalRequested() throws {
        let companyId = UUID()
        let record = BusinessRecord(companyId: companyId, entitySet: .salesDocuments, number: "S-ORD00001", documentType: .order, createdAt: Self.now)
        let step = UUID()
        let entry = WorkflowWebhookEntry(
            id: UUID(), companyId: companyId, entryNo: 1, workflowStepInstanceId: step, workflowCode: "MS-SDAW-WH-01", recordId: record.id,
            entitySet: .salesDocuments, initiatedBy: "ALICE", initiatedAt: Self.now, response: .pending, responseUserId: "FLOWUSER"
        )
        let event = ApprovalRequested(entry: entry, record: record, requestedByEmail: "alice@example.com")
        let message = OutboundMessageFactory().message(for: event, links: Self.links, at: Self.now)
        #expect(message.id == entry.id && message.sourceId == entry.id && message.companyId == companyId)
        let body = try body(message)
        #expect(body["type"] == .string("approval.requested"))
        #expect(body["Row Id"] == JSONValue(record.id) && body["Workflow Step Id"] == JSONValue(step))
        #expect(body["Requested By User Email"] == .string("alice@example.com") && body["Company Id"] == JSONValue(companyId))
        let data = try object(body["data"])
        #expect(data["record"] == record.json && data["workflowCode"] == .string("MS-SDAW-WH-01") && data["requestedBy"] == .string("ALICE"))
        let callback = "https://gateway.example/api/v1/workflowActionResponse/\(step.lowercasedString)"
        #expect(data["callbacks"] == .object([
            "approve": .string("\(callback)/approve"), "reject": .string("\(callback)/reject"), "cancel": .string("\(callback)/cancel"),
        ]))
    }

    @Test("Every kind of event the gateway sends is registered under a distinct type")
    func kindsRegistered() {
        let types = OutboundEventKinds.all.map { $0.type }
        #expect(types.contains("approval.requested"))
        #expect(Set(types).count == types.count)
    }
}
