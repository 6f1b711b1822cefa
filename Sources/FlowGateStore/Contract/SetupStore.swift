import FlowGateCore
import FlowGateDelivery
import Foundation

/// A company's approval setup: salespersons/purchasers, approval user setup, workflow user groups.
public protocol SetupStore: Sendable {
    func salespersonsPurchasers(companyId: UUID, _ page: PageRequest) async throws -> Page<SalespersonPurchaser>
    func salespersonPurchaser(companyId: UUID, code: String) async throws -> SalespersonPurchaser?
    func putSalespersonPurchaser(_ value: SalespersonPurchaser, precondition: VersionPrecondition) async throws -> Stored<SalespersonPurchaser>
    /// Deletes a salesperson/purchaser that no approval user setup and no record refers to (`in-use` otherwise).
    func deleteSalespersonPurchaser(companyId: UUID, code: String, precondition: VersionPrecondition) async throws

    func approvalUserSetups(companyId: UUID, _ page: PageRequest) async throws -> Page<ApprovalUserSetup>
    func approvalUserSetup(companyId: UUID, userName: String) async throws -> ApprovalUserSetup?
    /// Stores the setup as `validate` returns it, given the context read in the same transaction (users, the
    /// company's other setups and its salespersons/purchasers).
    func putApprovalUserSetup(
        _ value: ApprovalUserSetup, precondition: VersionPrecondition,
        validate: @escaping @Sendable (ApprovalUserSetup, ApprovalSetupContext) throws -> ApprovalUserSetup
    ) async throws -> Stored<ApprovalUserSetup>
    func deleteApprovalUserSetup(companyId: UUID, userName: String, precondition: VersionPrecondition) async throws

    func workflowUserGroups(companyId: UUID, _ page: PageRequest) async throws -> Page<WorkflowUserGroup>
    func workflowUserGroup(companyId: UUID, code: String) async throws -> WorkflowUserGroup?
    /// Stores the group as `validate` returns it, given the user names known in the same transaction.
    func putWorkflowUserGroup(
        _ value: WorkflowUserGroup, precondition: VersionPrecondition,
        validate: @escaping @Sendable (WorkflowUserGroup, _ knownUserNames: Set<String>) throws -> WorkflowUserGroup
    ) async throws -> Stored<WorkflowUserGroup>
    func deleteWorkflowUserGroup(companyId: UUID, code: String, precondition: VersionPrecondition) async throws
}
