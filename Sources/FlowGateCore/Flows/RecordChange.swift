import Foundation

/// What happened to a record, as a record-change notification's `changeType` says it.
public enum RecordChangeType: String, Sendable, Codable, CaseIterable {
    case created, updated, deleted
    /// More records changed in one window than a notification lists: the receiver reads the collection.
    case collection
}

/// The changes of one record waiting in a subscription's window, already coalesced: the window saw it created,
/// deleted, or only updated (any number of times).
public struct PendingRecordChange: Sendable, Equatable {
    public var recordId: UUID
    public var created: Bool
    public var deleted: Bool
    /// The time of its latest change.
    public var lastModifiedAt: Date
    /// When its first change in the window happened.
    public var firstChangedAt: Date

    public init(recordId: UUID, created: Bool, deleted: Bool, lastModifiedAt: Date, firstChangedAt: Date) {
        self.recordId = recordId
        self.created = created
        self.deleted = deleted
        self.lastModifiedAt = lastModifiedAt
        self.firstChangedAt = firstChangedAt
    }

    /// The notifications the window's changes come to: updates fold into the creation or into each other, a
    /// deletion is reported as such (after the creation, when the window saw both).
    public var changeTypes: [RecordChangeType] {
        switch (created, deleted) {
        case (true, true): [.created, .deleted]
        case (true, false): [.created]
        case (false, true): [.deleted]
        case (false, false): [.updated]
        }
    }
}
