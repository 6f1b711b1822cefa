import FlowGateCore
import Foundation
import PostgresNIO

extension PostgresStore: SetupStore {
    // MARK: Salespersons/purchasers

    public func salespersonsPurchasers(companyId: UUID, _ page: PageRequest) async throws -> Page<SalespersonPurchaser> {
        try await PostgresCompanyTable.salespersons.list(self, SalespersonPurchaser.self, companyId: companyId, page)
    }

    public func salespersonPurchaser(companyId: UUID, code: String) async throws -> SalespersonPurchaser? {
        try await PostgresCompanyTable.salespersons.get(self, SalespersonPurchaser.self, companyId: companyId, key: code)
    }

    public func putSalespersonPurchaser(
        _ value: SalespersonPurchaser, precondition: VersionPrecondition
    ) async throws -> Stored<SalespersonPurchaser> {
        try await transaction { connection in
            try await PostgresCompanyTable.salespersons.put(self, value, companyId: value.companyId, key: value.code, precondition: precondition, on: connection)
        }
    }

    public func deleteSalespersonPurchaser(companyId: UUID, code: String, precondition: VersionPrecondition) async throws {
        try await transaction { connection in
            let setups = try await PostgresCompanyTable.approvalSetups.all(self, ApprovalUserSetup.self, companyId: companyId, on: connection)
            if let holder = setups.first(where: { $0.salespersonPurchaserCode == code }) {
                throw FlowGateError.conflict(
                    "in-use", "Salesperson/purchaser '\(code)' is assigned to user '\(holder.userName)' in the approval user setup."
                )
            }
            if let number = try await self.column(
                String.self,
                """
                SELECT number FROM records WHERE company_id = \(companyId.storeKey)
                AND body::jsonb ->> 'salespersonPurchaserCode' = \(code) LIMIT 1
                """,
                on: connection
            ).first {
                throw FlowGateError.conflict("in-use", "Salesperson/purchaser '\(code)' is used by document \(number).")
            }
            try await PostgresCompanyTable.salespersons.delete(self, companyId: companyId, key: code, precondition: precondition, on: connection)
        }
    }

    // MARK: Approval user setup

    public func approvalUserSetups(companyId: UUID, _ page: PageRequest) async throws -> Page<ApprovalUserSetup> {
        try await PostgresCompanyTable.approvalSetups.list(self, ApprovalUserSetup.self, companyId: companyId, page)
    }

    public func approvalUserSetup(companyId: UUID, userName: String) async throws -> ApprovalUserSetup? {
        try await PostgresCompanyTable.approvalSetups.get(self, ApprovalUserSetup.self, companyId: companyId, key: userName)
    }

    public func putApprovalUserSetup(
        _ value: ApprovalUserSetup, precondition: VersionPrecondition,
        validate: @escaping @Sendable (ApprovalUserSetup, ApprovalSetupContext) throws -> ApprovalUserSetup
    ) async throws -> Stored<ApprovalUserSetup> {
        try await transaction { connection in
            // The company's setup is locked first, so two changes to it validate one after the other.
            try await self.run(
                "SELECT 1 FROM approval_user_setups WHERE company_id = \(value.companyId.storeKey) FOR UPDATE", on: connection
            )
            let context = ApprovalSetupContext(
                knownUserNames: Set(try await self.column(String.self, "SELECT user_name FROM users", on: connection)),
                otherSetups: try await PostgresCompanyTable.approvalSetups.all(self, ApprovalUserSetup.self, companyId: value.companyId, on: connection),
                salespersonCodes: Set(
                    try await self.column(
                        String.self, "SELECT code FROM salespersons_purchasers WHERE company_id = \(value.companyId.storeKey)", on: connection
                    )
                )
            )
            let setup = try validate(value, context)
            return try await PostgresCompanyTable.approvalSetups.put(
                self, setup, companyId: value.companyId, key: value.userName, precondition: precondition, on: connection
            )
        }
    }

    public func deleteApprovalUserSetup(companyId: UUID, userName: String, precondition: VersionPrecondition) async throws {
        try await transaction { connection in
            try await PostgresCompanyTable.approvalSetups.delete(self, companyId: companyId, key: userName, precondition: precondition, on: connection)
        }
    }

    // MARK: Workflow user groups

    public func workflowUserGroups(companyId: UUID, _ page: PageRequest) async throws -> Page<WorkflowUserGroup> {
        try await PostgresCompanyTable.userGroups.list(self, WorkflowUserGroup.self, companyId: companyId, page)
    }

    public func workflowUserGroup(companyId: UUID, code: String) async throws -> WorkflowUserGroup? {
        try await PostgresCompanyTable.userGroups.get(self, WorkflowUserGroup.self, companyId: companyId, key: code)
    }

    public func putWorkflowUserGroup(
        _ value: WorkflowUserGroup, precondition: VersionPrecondition,
        validate: @escaping @Sendable (WorkflowUserGroup, _ knownUserNames: Set<String>) throws -> WorkflowUserGroup
    ) async throws -> Stored<WorkflowUserGroup> {
        try await transaction { connection in
            let group = try validate(value, Set(try await self.column(String.self, "SELECT user_name FROM users", on: connection)))
            return try await PostgresCompanyTable.userGroups.put(self, group, companyId: value.companyId, key: value.code, precondition: precondition, on: connection)
        }
    }

    public func deleteWorkflowUserGroup(companyId: UUID, code: String, precondition: VersionPrecondition) async throws {
        try await transaction { connection in
            try await PostgresCompanyTable.userGroups.delete(self, companyId: companyId, key: code, precondition: precondition, on: connection)
        }
    }
}
