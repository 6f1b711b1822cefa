import Foundation

/// An event that happened, handed to the engine: a function name of the catalogue and what it happened to.
public struct WorkflowEvent: Sendable, Equatable {
    /// What the event is about: the record itself, or one of the workflow's own rows for the record.
    public enum Subject: Sendable, Equatable {
        case record
        case approvalEntry(entryNo: Int)
        case webhookEntry(entryNo: Int)
    }

    public var functionName: String
    public var subject: Subject
    /// The run the event belongs to, when it is known (approval entry events carry their entry's instance).
    public var instanceId: UUID?

    public init(_ functionName: String, subject: Subject = .record, instanceId: UUID? = nil) {
        self.functionName = functionName.uppercased()
        self.subject = subject
        self.instanceId = instanceId
    }
}
