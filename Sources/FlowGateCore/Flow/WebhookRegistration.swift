import Foundation

/// What the store reads, inside the transaction that registers a subscription, for the registration rules.
public struct WebhookRegistrationContext: Sendable {
    /// Workflow codes of the company that begin with the registration's code prefix: its workflows' and those its
    /// subscriptions registered.
    public var takenCodes: Set<String>
    /// The enabled subscriptions the same client registered before.
    public var earlierSubscriptions: [WorkflowWebhookSubscription]
    /// Codes of the company's enabled workflows registered for the same client.
    public var enabledClientWorkflows: Set<String>

    public init(takenCodes: Set<String>, earlierSubscriptions: [WorkflowWebhookSubscription], enabledClientWorkflows: Set<String>) {
        self.takenCodes = takenCodes
        self.earlierSubscriptions = earlierSubscriptions
        self.enabledClientWorkflows = enabledClientWorkflows
    }
}

/// What registering a subscription writes: its workflow, and the earlier registrations it disables.
public struct WebhookRegistration: Sendable {
    public var workflow: Workflow
    public var disabledSubscriptions: Set<UUID>
    public var disabledWorkflows: Set<String>

    public init(workflow: Workflow, disabledSubscriptions: Set<UUID>, disabledWorkflows: Set<String>) {
        self.workflow = workflow
        self.disabledSubscriptions = disabledSubscriptions
        self.disabledWorkflows = disabledWorkflows
    }
}

/// What becomes of a subscription's workflow when the subscription goes.
public enum WorkflowDisposal: Sendable, Equatable {
    case disable
    case delete
}

extension FlowWorkflowRegistration {
    /// Business Central's IncStr from `prefix` + `01`: the first number whose code no workflow of the company, no
    /// subscription and no template holds (a template code shadows a company workflow of the same code).
    public static func firstFreeCode(prefix: String, taken: Set<String>) -> String {
        let taken = taken.union(WorkflowTemplates.all.map(\.code))
        func code(_ number: Int) -> String { prefix + (number < 10 ? "0" : "") + String(number) }
        var number = 1
        while taken.contains(code(number)) { number += 1 }
        return code(number)
    }

    /// Registers a subscription (table 469's insert): its workflow gets the first free code, and the subscriptions
    /// and workflows the same client registered before are disabled, since a flow registers one live workflow
    /// (Power Automate's update is a new POST and a DELETE). Business Central looks at the workflows too: one of the
    /// client's may have been enabled again by hand.
    public static func register(
        prefix: String, in context: WebhookRegistrationContext, makeWorkflow: (_ code: String) throws -> Workflow
    ) throws -> WebhookRegistration {
        let code = firstFreeCode(prefix: prefix, taken: context.takenCodes)
        var workflow = try makeWorkflow(code)
        workflow.code = code
        return WebhookRegistration(
            workflow: workflow, disabledSubscriptions: Set(context.earlierSubscriptions.map(\.id)),
            disabledWorkflows: context.enabledClientWorkflows.union(context.earlierSubscriptions.map(\.workflowCode))
        )
    }

    /// Codeunit 1547 "Workflow Webhook Sub Delete": a subscription's workflow is disabled when it goes, and deleted
    /// only when no run still waits on it.
    public static func disposalOnUnsubscribe(workflowHasActiveRuns: Bool) -> WorkflowDisposal {
        workflowHasActiveRuns ? .disable : .delete
    }
}

extension WorkflowWebhookSubscription {
    /// The secrets that sign its messages at `now`; none when the subscription is disabled (nothing is delivered).
    public func signingSecrets(at now: Date) -> [SigningSecret]? {
        enabled ? validSecrets(at: now) : nil
    }

    /// Makes `secret` the newest signing secret; the older ones stop signing at `previousExpireAt`, or earlier if
    /// already set so (rotating never extends an old secret's life), and those expired by `now` are dropped.
    public mutating func rotateSecret(to secret: SigningSecret, previousExpireAt: Date, now: Date) {
        let previous = secrets.map { old in
            SigningSecret(secret: old.secret, expiresAt: min(old.expiresAt ?? previousExpireAt, previousExpireAt))
        }
        secrets = [secret] + previous.filter { $0.expiresAt.map { $0 > now } ?? true }
    }
}
