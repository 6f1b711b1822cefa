import FlowGateCore
import Foundation

/// `instantFlow.run`: a person ran an instant flow on a record. `data` is Business Central's "For a selected
/// record" context (environment, company, table and page numbers, system id, web client URL) with the record,
/// the inputs and who ran it.
public struct InstantFlowRun: OutboundEvent {
    public static let type = "instantFlow.run"

    public var runId: UUID
    public var flow: InstantFlow
    public var company: Company
    public var record: BusinessRecord
    public var inputs: [String: JSONValue]
    public var runBy: String
    public var environment: String

    public var messageId: UUID { runId }
    public var companyId: UUID? { company.id }
    public var sourceId: UUID? { flow.id }
    public var endpointId: UUID? { flow.id }

    public func data(links: OutboundLinks) -> JSONValue {
        let objects = BusinessCentralObjects.of(record.entitySet, documentType: record.documentType)
        let path = "/api/v1/companies/\(company.id.lowercasedString)/\(record.entitySet.rawValue)/\(record.id.lowercasedString)"
        return .object([
            "environment": .string(environment), "companyId": JSONValue(company.id), "companyName": .string(company.name),
            "entitySet": .string(record.entitySet.rawValue), "tableId": JSONValue(objects.tableId), "systemId": JSONValue(record.id),
            "pageId": JSONValue(objects.pageId), "webClientUrl": .string(links.baseURL + path), "record": record.json,
            "inputs": .object(inputs), "runBy": .string(runBy), "flowId": JSONValue(flow.id), "flowName": .string(flow.name),
            "runId": JSONValue(runId),
        ])
    }
}
