import Foundation

/// The status changes an approval entry allows, with Business Central's messages when it does not.
///
/// These are the entry's own rules; who may act (approver, substitute, administrator) is the
/// routing's concern and is checked before these are called.
extension ApprovalEntry {
    public static let approveOnlyOpenMessage = "You can only approve open approval requests."
    public static let rejectOnlyOpenMessage = "You can only reject open approval entries."
    public static let delegateOnlyOpenMessage = "You can only delegate open approval requests."

    /// Created → Open: the request is sent to its approver, which stamps the sent time.
    public mutating func open(at now: Date) {
        guard status == .created else { return }
        status = .open
        dateTimeSentForApproval = now
        lastDateTimeModified = now
    }

    /// Open → Approved by `userId`, with an optional comment.
    public mutating func approve(by userId: String, comment: String?, at now: Date) throws {
        guard status == .open else { throw FlowGateError.conflict("entry-not-open", Self.approveOnlyOpenMessage) }
        status = .approved
        touch(by: userId, comment: comment, at: now)
    }

    /// Open → Rejected by `userId`, with an optional comment.
    public mutating func reject(by userId: String, comment: String?, at now: Date) throws {
        guard status == .open else { throw FlowGateError.conflict("entry-not-open", Self.rejectOnlyOpenMessage) }
        status = .rejected
        touch(by: userId, comment: comment, at: now)
    }

    /// Open stays Open with a new approver; the sequence number does not change (delegation in place).
    ///
    /// The request counts as sent to the new approver now, so Delegate After gives them the same time
    /// before it moves on again (the scheduler runs more often than Business Central's daily job).
    public mutating func delegate(to newApproverId: String, by userId: String, at now: Date) throws {
        guard status == .open else { throw FlowGateError.conflict("entry-not-open", Self.delegateOnlyOpenMessage) }
        approverId = newApproverId
        dateTimeSentForApproval = now
        touch(by: userId, comment: nil, at: now)
    }

    /// REJECTALLAPPROVALREQUESTS: every entry not already Rejected or Canceled, Approved ones included.
    /// Returns whether the entry changed.
    @discardableResult
    public mutating func rejectAsPartOfRequest(by userId: String, at now: Date) -> Bool {
        guard status != .rejected && status != .canceled else { return false }
        status = .rejected
        touch(by: userId, comment: nil, at: now)
        return true
    }

    /// CANCELALLAPPROVALREQUESTS: every entry not already Rejected or Canceled, Approved ones included.
    @discardableResult
    public mutating func cancelAsPartOfRequest(by userId: String, at now: Date) -> Bool {
        guard status != .rejected && status != .canceled else { return false }
        status = .canceled
        touch(by: userId, comment: nil, at: now)
        return true
    }

    /// APPROVEALLAPPROVALREQUESTS: every Created or Open entry.
    @discardableResult
    public mutating func approveAsPartOfRequest(by userId: String, at now: Date) -> Bool {
        guard status.isPending else { return false }
        status = .approved
        touch(by: userId, comment: nil, at: now)
        return true
    }

    /// Adds a comment from `userId` (blank text adds nothing).
    public mutating func addComment(_ text: String?, by userId: String, at now: Date) {
        touch(by: userId, comment: text, at: now)
    }

    private mutating func touch(by userId: String, comment: String?, at now: Date) {
        lastDateTimeModified = now
        lastModifiedByUserId = userId
        if let comment, !comment.trimmingCharacters(in: .whitespaces).isEmpty {
            comments.append(Comment(userId: userId, text: comment, createdAt: now))
        }
    }
}

extension Collection where Element == ApprovalEntry {
    /// Business Central's Pending Approvals FlowField: Created or Open entries of one record and step instance.
    public func pendingApprovals(recordId: UUID, stepInstanceId: UUID) -> Int {
        filter { $0.recordId == recordId && $0.workflowStepInstanceId == stepInstanceId && $0.status.isPending }.count
    }
}
