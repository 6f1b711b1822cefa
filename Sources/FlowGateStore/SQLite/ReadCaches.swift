import FlowGateCore
import Foundation
import GRDB

/// The rows every approval request reads and that change rarely, decoded once and kept until their tables change.
///
/// Each cache is emptied when a transaction that changed its tables commits, so none serves a value older than
/// the last commit; see `CommittedTableCache` for the rule its readers follow.
struct ReadCaches: Sendable {
    /// Each company's enabled workflows, for snapshots: decoding their step trees costs more than the rest of one.
    let enabledWorkflows = CommittedTableCache<UUID, [Workflow]>(tables: ["workflows"])
    /// Each company's approval user setups and workflow user groups, for snapshots.
    let approvalSetups = CommittedTableCache<UUID, [ApprovalUserSetup]>(tables: ["approval_user_setups"])
    let userGroups = CommittedTableCache<UUID, [WorkflowUserGroup]>(tables: ["workflow_user_groups"])
    /// The key and its user for an API key hash: every authenticated request looks one up.
    let apiKeys = CommittedTableCache<String, AuthenticatedKey>(tables: ["api_keys", "users"])
    /// Companies by the id or name a path names them with.
    let companies = CommittedTableCache<String, Company>(tables: ["companies"])
    let users = CommittedTableCache<String, User>(tables: ["users"])

    /// Lets the writer's commits empty the caches.
    func observe(_ writer: any DatabaseWriter) {
        let observers = [
            enabledWorkflows.makeObserver(), approvalSetups.makeObserver(), userGroups.makeObserver(),
            apiKeys.makeObserver(), companies.makeObserver(), users.makeObserver(),
        ]
        for observer in observers { writer.add(transactionObserver: observer, extent: .databaseLifetime) }
    }
}

/// An API key with the user it belongs to.
struct AuthenticatedKey: Sendable {
    let key: APIKey
    let user: User
}
