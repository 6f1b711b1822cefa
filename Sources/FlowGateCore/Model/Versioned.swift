/// A stored resource with a version that grows by one on every change; the HTTP edge shows it as the ETag.
public protocol Versioned {
    var version: Int { get set }
}

extension User: Versioned {}
extension ApprovalUserSetup: Versioned {}
extension SalespersonPurchaser: Versioned {}
extension WorkflowUserGroup: Versioned {}
extension BusinessRecord: Versioned {}
