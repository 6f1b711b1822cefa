/// What an event or response applies to: a record entity set, or one of the workflow's own tables.
public enum WorkflowTable: String, Sendable, Codable, CaseIterable {
    case customers, vendors, items, salesDocuments, purchaseDocuments, generalJournalBatches, generalJournalLines
    case approvalEntries, workflowWebhookEntries

    public init(_ entitySet: EntitySet) { self = WorkflowTable(rawValue: entitySet.rawValue)! }

    /// The record entity set, when the table is one.
    public var entitySet: EntitySet? { EntitySet(rawValue: rawValue) }
}

/// The argument options a response reads, so a client knows what to fill in and enabling can check it.
public enum ArgumentOption: String, Sendable, Codable, CaseIterable {
    case approverType, approverLimitType, workflowUserGroupCode, approverUserId, dueDateFormula, delegateAfter
    case notifySender, notificationUserId, notificationEntryType, message, linkTargetPage, customLink, showConfirmationMessage
    case responseType, responseUserId, fieldName, generalJournalTemplateName, generalJournalBatchName
}

/// A Workflow Event (table 1520) entry: a function name the engine can be told about.
public struct WorkflowEventDefinition: Sendable, Codable, Equatable {
    public var functionName: String
    public var description: String
    public var table: WorkflowTable
    /// Record-change events take Workflow Rules instead of filter conditions.
    public var usedForRecordChange: Bool
    /// Events that may follow this one in a workflow's tree (Business Central's event predecessors).
    public var predecessors: [String]

    public init(functionName: String, description: String, table: WorkflowTable, usedForRecordChange: Bool = false, predecessors: [String] = []) {
        self.functionName = functionName
        self.description = description
        self.table = table
        self.usedForRecordChange = usedForRecordChange
        self.predecessors = predecessors
    }
}

/// A Workflow Response (table 1521) entry.
public struct WorkflowResponseDefinition: Sendable, Codable, Equatable {
    public var functionName: String
    public var description: String
    /// The argument options this response uses; the required ones must be set before enabling.
    public var options: [ArgumentOption]
    public var requiredOptions: [ArgumentOption]
    /// The tables it works on; nil means any.
    public var tables: [WorkflowTable]?

    public init(
        functionName: String, description: String, options: [ArgumentOption] = [], requiredOptions: [ArgumentOption] = [],
        tables: [WorkflowTable]? = nil
    ) {
        self.functionName = functionName
        self.description = description
        self.options = options
        self.requiredOptions = requiredOptions
        self.tables = tables
    }
}

/// How a deployment adds its own events and responses, the way a Business Central partner does in code.
///
/// Register an extension with `WorkflowCatalog.standard.adding(_:)` and give the result to the engine.
public protocol WorkflowCatalogExtension: Sendable {
    var events: [WorkflowEventDefinition] { get }
    var responses: [WorkflowResponseDefinition] { get }
}

/// The events and responses workflows may use, looked up by function name.
public struct WorkflowCatalog: Sendable {
    public private(set) var events: [WorkflowEventDefinition]
    public private(set) var responses: [WorkflowResponseDefinition]
    private var eventIndex: [String: Int]
    private var responseIndex: [String: Int]

    public init(events: [WorkflowEventDefinition], responses: [WorkflowResponseDefinition]) {
        self.events = []
        self.responses = []
        self.eventIndex = [:]
        self.responseIndex = [:]
        for event in events { try! add(event) }
        for response in responses { try! add(response) }
    }

    public func event(_ functionName: String) -> WorkflowEventDefinition? {
        eventIndex[functionName.uppercased()].map { events[$0] }
    }

    public func response(_ functionName: String) -> WorkflowResponseDefinition? {
        responseIndex[functionName.uppercased()].map { responses[$0] }
    }

    /// The catalogue with an extension's events and responses added; a function name already taken is an error.
    public func adding(_ extension: some WorkflowCatalogExtension) throws -> WorkflowCatalog {
        var catalog = self
        for event in `extension`.events { try catalog.add(event) }
        for response in `extension`.responses { try catalog.add(response) }
        return catalog
    }

    private mutating func add(_ event: WorkflowEventDefinition) throws {
        var event = event
        event.functionName = event.functionName.uppercased()
        guard eventIndex[event.functionName] == nil else {
            throw FlowGateError.conflict("already-exists", "An event with function name \(event.functionName) already exists.")
        }
        if let clash = events.first(where: { $0.description == event.description }) {
            throw FlowGateError.conflict("already-exists", "An event with description '\(clash.description)' already exists.")
        }
        eventIndex[event.functionName] = events.count
        events.append(event)
    }

    private mutating func add(_ response: WorkflowResponseDefinition) throws {
        var response = response
        response.functionName = response.functionName.uppercased()
        guard responseIndex[response.functionName] == nil else {
            throw FlowGateError.conflict("already-exists", "A response with function name \(response.functionName) already exists.")
        }
        responseIndex[response.functionName] = responses.count
        responses.append(response)
    }
}
