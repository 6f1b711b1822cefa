import Foundation

/// A workflow (table 1501): a tree of event and response steps, enabled or not, possibly a template.
public struct Workflow: Sendable, Codable, Equatable {
    /// Nil for the templates, which every company shares.
    public var companyId: UUID?
    public var code: String
    public var description: String
    public var enabled: Bool
    /// Templates are read-only and copied to make editable workflows; their codes start with `MS-`.
    public var template: Bool
    public var category: WorkflowCategory?
    public var steps: [WorkflowStep]
    public var source: WorkflowSource
    /// The automation platform's flow that registered this workflow, for `source == .flow`.
    public var clientId: String?
    public var subscriptionId: UUID?
    public var version: Int

    public init(
        companyId: UUID? = nil, code: String, description: String, enabled: Bool = false, template: Bool = false,
        category: WorkflowCategory? = nil, steps: [WorkflowStep] = [], source: WorkflowSource = .native,
        clientId: String? = nil, subscriptionId: UUID? = nil, version: Int = 1
    ) {
        self.companyId = companyId
        self.code = code
        self.description = description
        self.enabled = enabled
        self.template = template
        self.category = category
        self.steps = steps
        self.source = source
        self.clientId = clientId
        self.subscriptionId = subscriptionId
        self.version = version
    }

    /// The root step: the entry-point event without a previous step.
    public var rootStep: WorkflowStep? {
        steps.first { $0.entryPoint && $0.previousStepId == nil }
    }

    /// The steps that directly follow `stepId`, in branch order.
    public func children(of stepId: Int) -> [WorkflowStep] {
        steps.filter { $0.previousStepId == stepId }.sorted { ($0.sequenceNo, $0.id) < ($1.sequenceNo, $1.id) }
    }

    public func step(_ id: Int) -> WorkflowStep? {
        steps.first { $0.id == id }
    }
}

extension Workflow: Versioned {}
