import Foundation

extension Workflow {
    /// An editable copy with the same step tree: not a template, disabled, made in FlowGate, version 1.
    ///
    /// `description` defaults to this workflow's. The code is taken as given; callers validate it.
    public func copy(as code: String, description: String? = nil, companyId: UUID?) -> Workflow {
        Workflow(
            companyId: companyId, code: code, description: description ?? self.description, enabled: false, template: false,
            category: category, steps: steps, source: .native, clientId: nil, subscriptionId: nil, version: 1
        )
    }
}
