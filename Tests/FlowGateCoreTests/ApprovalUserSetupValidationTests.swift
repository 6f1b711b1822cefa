import Foundation
import Testing

@testable import FlowGateCore

@Suite struct ApprovalUserSetupValidationTests {
    let company = UUID()
    let users: Set<String> = ["ALICE", "BOB", "CAROL"]
    let salespersons: Set<String> = ["JR", "PS"]

    func context(others: [ApprovalUserSetup] = []) -> ApprovalSetupContext {
        ApprovalSetupContext(knownUserNames: users, otherSetups: others, salespersonCodes: salespersons)
    }

    func setup(_ user: String = "ALICE") -> ApprovalUserSetup {
        ApprovalUserSetup(companyId: company, userName: user)
    }

    @Test("A complete, consistent setup is accepted unchanged")
    func validSetupAccepted() throws {
        var value = setup()
        value.approverId = "BOB"
        value.substitute = "CAROL"
        value.salespersonPurchaserCode = "JR"
        value.salesAmountApprovalLimit = decimal("5000")
        value.purchaseAmountApprovalLimit = decimal("2500.50")
        value.email = "alice@example.com"
        let result = try value.validated(in: context())
        #expect(result == value)
    }

    @Test("A user cannot be their own approver")
    func ownApproverRefused() {
        var value = setup()
        value.approverId = "ALICE"
        let error = #expect(throws: FlowGateError.self) { try value.validated(in: context()) }
        #expect(error?.kind == .badRequest)
        #expect(error?.type == "validation-failed")
        #expect(fieldNames(error) == ["approverId"])
        #expect(message(error, for: "approverId")?.contains("own approver") == true)
    }

    @Test("A user cannot be their own substitute")
    func ownSubstituteRefused() {
        var value = setup()
        value.substitute = "ALICE"
        let error = #expect(throws: FlowGateError.self) { try value.validated(in: context()) }
        #expect(fieldNames(error) == ["substitute"])
        #expect(message(error, for: "substitute")?.contains("own substitute") == true)
    }

    @Test("An approver who is not a user is refused, naming them")
    func unknownApproverRefused() {
        var value = setup()
        value.approverId = "ZED"
        let error = #expect(throws: FlowGateError.self) { try value.validated(in: context()) }
        #expect(fieldNames(error) == ["approverId"])
        #expect(message(error, for: "approverId")?.contains("ZED") == true)
    }

    @Test("A substitute who is not a user is refused, naming them")
    func unknownSubstituteRefused() {
        var value = setup()
        value.substitute = "ZED"
        let error = #expect(throws: FlowGateError.self) { try value.validated(in: context()) }
        #expect(fieldNames(error) == ["substitute"])
        #expect(message(error, for: "substitute")?.contains("ZED") == true)
    }

    @Test("Negative approval limits are refused, each by name")
    func negativeLimitsRefused() {
        var value = setup()
        value.salesAmountApprovalLimit = -1
        value.purchaseAmountApprovalLimit = decimal("-0.01")
        value.requestAmountApprovalLimit = -100
        let error = #expect(throws: FlowGateError.self) { try value.validated(in: context()) }
        #expect(
            Set(fieldNames(error))
                == ["salesAmountApprovalLimit", "purchaseAmountApprovalLimit", "requestAmountApprovalLimit"]
        )
    }

    @Test("Zero limits are accepted")
    func zeroLimitsAccepted() throws {
        let result = try setup().validated(in: context())
        #expect(result.salesAmountApprovalLimit == 0)
        #expect(result.purchaseAmountApprovalLimit == 0)
    }

    @Test("A second approval administrator is refused, naming the current one")
    func secondAdministratorRefused() {
        var bob = setup("BOB")
        bob.approvalAdministrator = true
        var alice = setup()
        alice.approvalAdministrator = true
        let error = #expect(throws: FlowGateError.self) { try alice.validated(in: context(others: [bob])) }
        #expect(fieldNames(error) == ["approvalAdministrator"])
        #expect(message(error, for: "approvalAdministrator")?.contains("BOB") == true)
    }

    @Test("Re-saving the current approval administrator is accepted")
    func resavingAdministratorAccepted() throws {
        var alice = setup()
        alice.approvalAdministrator = true
        var changed = alice
        changed.salesAmountApprovalLimit = 100
        let result = try changed.validated(in: context(others: [alice, setup("BOB")]))
        #expect(result.approvalAdministrator)
        #expect(result.salesAmountApprovalLimit == 100)
    }

    @Test("A non-administrator can be saved while another user is administrator")
    func nonAdministratorBesideAdministrator() throws {
        var bob = setup("BOB")
        bob.approvalAdministrator = true
        let result = try setup().validated(in: context(others: [bob]))
        #expect(!result.approvalAdministrator)
    }

    @Test("A salesperson/purchaser code that does not exist is refused")
    func unknownSalespersonRefused() {
        var value = setup()
        value.salespersonPurchaserCode = "XX"
        let error = #expect(throws: FlowGateError.self) { try value.validated(in: context()) }
        #expect(fieldNames(error) == ["salespersonPurchaserCode"])
        #expect(message(error, for: "salespersonPurchaserCode")?.contains("XX") == true)
    }

    @Test("A salesperson/purchaser code already assigned to another user is refused")
    func salespersonOfAnotherUserRefused() {
        var bob = setup("BOB")
        bob.salespersonPurchaserCode = "JR"
        var alice = setup()
        alice.salespersonPurchaserCode = "JR"
        let error = #expect(throws: FlowGateError.self) { try alice.validated(in: context(others: [bob])) }
        #expect(fieldNames(error) == ["salespersonPurchaserCode"])
        #expect(message(error, for: "salespersonPurchaserCode")?.contains("BOB") == true)
    }

    @Test("A user keeps their own salesperson/purchaser code when re-saved")
    func ownSalespersonKept() throws {
        var alice = setup()
        alice.salespersonPurchaserCode = "JR"
        var bob = setup("BOB")
        bob.salespersonPurchaserCode = "PS"
        let result = try alice.validated(in: context(others: [alice, bob]))
        #expect(result.salespersonPurchaserCode == "JR")
    }

    @Test("Unlimited flags zero their limits and leave the others alone")
    func unlimitedFlagsZeroLimits() throws {
        var value = setup()
        value.salesAmountApprovalLimit = 5000
        value.unlimitedSalesApproval = true
        value.purchaseAmountApprovalLimit = 7000
        value.unlimitedPurchaseApproval = true
        value.requestAmountApprovalLimit = 900
        let result = try value.validated(in: context())
        #expect(result.salesAmountApprovalLimit == 0)
        #expect(result.unlimitedSalesApproval)
        #expect(result.purchaseAmountApprovalLimit == 0)
        #expect(result.unlimitedPurchaseApproval)
        #expect(result.requestAmountApprovalLimit == 900)

        value.unlimitedRequestApproval = true
        #expect(try value.validated(in: context()).requestAmountApprovalLimit == 0)
    }

    @Test("An implausible email address is refused")
    func badEmailRefused() {
        var value = setup()
        value.email = "alice at example"
        let error = #expect(throws: FlowGateError.self) { try value.validated(in: context()) }
        #expect(fieldNames(error) == ["email"])
    }

    @Test("A setup for a user who does not exist is not found")
    func unknownUserNotFound() {
        let error = #expect(throws: FlowGateError.self) { try setup("ZED").validated(in: context()) }
        #expect(error?.kind == .notFound)
        #expect(error?.detail.contains("ZED") == true)
    }

    @Test("Every problem of a setup is reported at once")
    func allProblemsReportedTogether() {
        var bob = setup("BOB")
        bob.approvalAdministrator = true
        var value = setup()
        value.approverId = "ALICE"
        value.substitute = "ZED"
        value.salesAmountApprovalLimit = -5
        value.salespersonPurchaserCode = "XX"
        value.email = "nobody"
        value.approvalAdministrator = true
        let error = #expect(throws: FlowGateError.self) { try value.validated(in: context(others: [bob])) }
        #expect(
            Set(fieldNames(error)) == [
                "approverId", "substitute", "salesAmountApprovalLimit", "salespersonPurchaserCode", "email",
                "approvalAdministrator",
            ]
        )
        #expect(error?.errors.count == 6)
        for field in fieldNames(error) { #expect(error?.detail.contains(field) == true) }
    }
}
