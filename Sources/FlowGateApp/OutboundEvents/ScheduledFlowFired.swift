import FlowGateCore
import Foundation

/// `scheduledFlow.run`: a slot of a scheduled flow's recurrence came, once.
public struct ScheduledFlowFired: OutboundEvent {
    public static let type = "scheduledFlow.run"

    public var run: ScheduledFlowRun
    public var flow: ScheduledFlow

    public var messageId: UUID { run.messageId }
    public var companyId: UUID? { flow.companyId }
    public var sourceId: UUID? { flow.id }
    public var endpointId: UUID? { flow.id }

    public func data(links: OutboundLinks) -> JSONValue {
        .object([
            "flowId": JSONValue(flow.id), "name": .string(flow.name), "scheduledFor": JSONValue(run.scheduledFor),
            "firedAt": JSONValue(run.firedAt), "late": .bool(run.late), "skipped": JSONValue(run.skipped),
            "payload": flow.payload ?? .null,
        ])
    }
}
