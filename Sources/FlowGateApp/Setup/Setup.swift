import FlowGateCore
import FlowGateStore
import Foundation

/// A company's approval setup: approval user setup, workflow user groups, salespersons/purchasers.
public struct Setup: Sendable {
    let gateway: Gateway

    public func approvalUserSetups(company: Company, _ page: PageRequest) async throws -> Page<ApprovalUserSetup> {
        try await gateway.store.approvalUserSetups(companyId: company.id, page)
    }

    public func approvalUserSetup(company: Company, userName: String) async throws -> ApprovalUserSetup {
        guard let setup = try await gateway.store.approvalUserSetup(companyId: company.id, userName: userName) else {
            throw FlowGateError.notFound("User '\(userName)' has no approval user setup in company '\(company.name)'.")
        }
        return setup
    }

    /// Stores a user's approval setup, validated against the company's other setup (Business Central's rules).
    public func putApprovalUserSetup(_ setup: ApprovalUserSetup, precondition: VersionPrecondition) async throws -> Stored<ApprovalUserSetup> {
        try await gateway.store.putApprovalUserSetup(setup, precondition: precondition) { setup, context in try setup.validated(in: context) }
    }

    public func deleteApprovalUserSetup(company: Company, userName: String, precondition: VersionPrecondition) async throws {
        try await gateway.store.deleteApprovalUserSetup(companyId: company.id, userName: userName, precondition: precondition)
    }

    public func workflowUserGroups(company: Company, _ page: PageRequest) async throws -> Page<WorkflowUserGroup> {
        try await gateway.store.workflowUserGroups(companyId: company.id, page)
    }

    public func workflowUserGroup(company: Company, code: String) async throws -> WorkflowUserGroup {
        guard let group = try await gateway.store.workflowUserGroup(companyId: company.id, code: code) else {
            throw FlowGateError.notFound("Workflow user group '\(code)' does not exist in company '\(company.name)'.")
        }
        return group
    }

    public func putWorkflowUserGroup(_ group: WorkflowUserGroup, precondition: VersionPrecondition) async throws -> Stored<WorkflowUserGroup> {
        try await gateway.store.putWorkflowUserGroup(group, precondition: precondition) { group, users in
            try group.validated(knownUserNames: users)
        }
    }

    public func deleteWorkflowUserGroup(company: Company, code: String, precondition: VersionPrecondition) async throws {
        try await gateway.store.deleteWorkflowUserGroup(companyId: company.id, code: code, precondition: precondition)
    }

    public func salespersonsPurchasers(company: Company, _ page: PageRequest) async throws -> Page<SalespersonPurchaser> {
        try await gateway.store.salespersonsPurchasers(companyId: company.id, page)
    }

    public func salespersonPurchaser(company: Company, code: String) async throws -> SalespersonPurchaser {
        guard let value = try await gateway.store.salespersonPurchaser(companyId: company.id, code: code) else {
            throw FlowGateError.notFound("Salesperson/purchaser '\(code)' does not exist in company '\(company.name)'.")
        }
        return value
    }

    public func putSalespersonPurchaser(_ value: SalespersonPurchaser, precondition: VersionPrecondition) async throws -> Stored<SalespersonPurchaser> {
        try await gateway.store.putSalespersonPurchaser(value, precondition: precondition)
    }

    public func deleteSalespersonPurchaser(company: Company, code: String, precondition: VersionPrecondition) async throws {
        try await gateway.store.deleteSalespersonPurchaser(companyId: company.id, code: code, precondition: precondition)
    }
}
