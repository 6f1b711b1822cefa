/// Business Central's routing errors (codeunit 1535, copy A), word for word.
extension ApprovalRouting {
    enum Failure {
        case userNotInSetup(String)
        case approverNotInSetup(String)
        case groupMemberNotInSetup(String)
        case salespersonNotInSetup(String)
        case noQualifiedApprover
        case chainExhausted
        case noGroupMembers
        case noApprovalRequests
        case substituteNotFound(String)

        var message: String {
            switch self {
            case .userNotInSetup(let user): "User ID \(user) does not exist in the Approval User Setup window."
            case .approverNotInSetup(let user): "You must set up an approver for user ID \(user) in the Approval User Setup window."
            case .groupMemberNotInSetup(let user):
                "The workflow user group member with user ID \(user) does not exist in the Approval User Setup window."
            // Business Central prints the (blank) user id of an empty setup row as %1.
            case .salespersonNotInSetup(let code):
                "The salesperson/purchaser user ID  does not exist in the Approval User Setup window for Salespers./Purch. Code \(code)."
            case .noQualifiedApprover: "No qualified approver was found."
            case .chainExhausted: "No sufficient approver was found in the approver chain."
            case .noGroupMembers: "A workflow user group with at least one member must be set up."
            case .noApprovalRequests: "No approval requests exist."
            case .substituteNotFound(let user):
                "There is no substitute, direct approver, or approval administrator for user ID \(user) in the Approval User Setup window."
            }
        }
    }

    static func error(_ failure: Failure) -> FlowGateError {
        FlowGateError.conflict("approval-routing", failure.message)
    }
}
