import Foundation

/// Workflow Step Instance `Status`.
public enum WorkflowStepStatus: String, Sendable, Codable, CaseIterable {
    case inactive = "Inactive"
    /// An event step waiting to happen.
    case active = "Active"
    case completed = "Completed"
    /// An alternative event that was not the one that happened.
    case ignored = "Ignored"
    /// A response being run; never left behind by a finished outcome.
    case processing = "Processing"
}

/// One step of a running workflow (table 1504): a copy of the definition's step, so that editing the
/// workflow does not change requests already under way.
///
/// All steps of one run share `instanceId`, the id approval entries call Workflow Step Instance ID.
public struct WorkflowStepInstance: Sendable, Codable, Equatable {
    public var instanceId: UUID
    public var companyId: UUID
    public var workflowCode: String
    public var stepId: Int
    public var recordId: UUID
    public var entitySet: EntitySet
    public var status: WorkflowStepStatus
    public var type: WorkflowStepType
    public var functionName: String
    public var entryPoint: Bool
    public var previousStepId: Int?
    public var nextStepId: Int?
    public var sequenceNo: Int
    public var description: String
    public var argument: WorkflowStepArgument?
    public var rules: [WorkflowRule]
    public var createdAt: Date
    public var createdBy: String
    public var modifiedAt: Date
    public var modifiedBy: String

    /// Copies `step` of `workflow` into a new run for `record`.
    public init(instanceId: UUID, workflow: Workflow, step: WorkflowStep, record: BusinessRecord, userId: String, now: Date) {
        self.instanceId = instanceId
        self.companyId = record.companyId
        self.workflowCode = workflow.code
        self.stepId = step.id
        self.recordId = record.id
        self.entitySet = record.entitySet
        self.status = .inactive
        self.type = step.type
        self.functionName = step.functionName
        self.entryPoint = step.entryPoint
        self.previousStepId = step.previousStepId
        self.nextStepId = step.nextStepId
        self.sequenceNo = step.sequenceNo
        self.description = step.description
        self.argument = step.argument
        self.rules = step.rules
        self.createdAt = now
        self.createdBy = userId
        self.modifiedAt = now
        self.modifiedBy = userId
    }
}

extension Collection where Element == WorkflowStepInstance {
    /// The ids of runs that still wait for an event.
    public var activeInstanceIds: Set<UUID> {
        Set(filter { $0.status == .active }.map(\.instanceId))
    }
}
