import FlowGateCore
import Testing

/// A workflow's step tree as indented text, one step a line, so an expectation reads like Business Central's Workflow page.
///
/// A line is `id Type FUNCTIONNAME`, then, when present: `seq=n` (only for steps that share their previous step
/// with others, i.e. alternative branches), `[field=filter, ...]` event conditions (`| lines: ...` for line
/// conditions), `<field Operator>` record-change rules, `{option=value, ...}` the other argument options (strings
/// quoted), `"description"`, and `-> id` for a loop back. Children follow indented by two spaces, in branch order.
/// Steps no root leads to are listed last, prefixed `orphan`.
enum WorkflowTreeText {
    static func render(_ workflow: Workflow) -> String {
        var lines: [String] = []
        var seen = Set<Int>()
        func add(_ step: WorkflowStep, depth: Int, prefix: String = "") {
            guard seen.insert(step.id).inserted else {
                lines.append(String(repeating: "  ", count: depth) + "\(step.id) (already shown)")
                return
            }
            let siblings = workflow.steps.filter { $0.previousStepId == step.previousStepId }.count
            lines.append(String(repeating: "  ", count: depth) + prefix + line(for: step, showSequence: siblings > 1 && step.previousStepId != nil))
            for child in workflow.children(of: step.id) { add(child, depth: depth + 1) }
        }
        for root in workflow.steps.filter({ $0.previousStepId == nil }) { add(root, depth: 0) }
        for step in workflow.steps where !seen.contains(step.id) { add(step, depth: 0, prefix: "orphan ") }
        return lines.joined(separator: "\n")
    }

    static func line(for step: WorkflowStep, showSequence: Bool) -> String {
        var parts = ["\(step.id)", step.type.rawValue, step.functionName]
        if showSequence { parts.append("seq=\(step.sequenceNo)") }
        if let conditions = step.argument?.eventConditions {
            var text = conditions.header.map { "\($0.field)=\($0.filter)" }.joined(separator: ", ")
            if !conditions.lines.isEmpty {
                text += " | lines: " + conditions.lines.map { "\($0.field)=\($0.filter)" }.joined(separator: ", ")
            }
            parts.append("[\(text)]")
        }
        if !step.rules.isEmpty {
            parts.append(step.rules.map { "<\($0.fieldName) \($0.operator.rawValue)>" }.joined(separator: " "))
        }
        if let argument = step.argument {
            let options = options(of: argument)
            if !options.isEmpty { parts.append("{" + options.joined(separator: ", ") + "}") }
        }
        if !step.description.isEmpty { parts.append("\"\(step.description)\"") }
        if let next = step.nextStepId { parts.append("-> \(next)") }
        return parts.joined(separator: " ")
    }

    /// Every set option but the event conditions, in declaration order, found by reflection so a new option shows up.
    private static func options(of argument: WorkflowStepArgument) -> [String] {
        Mirror(reflecting: argument).children.compactMap { child in
            guard let label = child.label, label != "eventConditions" else { return nil }
            let wrapped = Mirror(reflecting: child.value)
            guard wrapped.displayStyle == .optional, let value = wrapped.children.first?.value else { return nil }
            switch value {
            case let text as String: return "\(label)=\"\(text)\""
            case let option as any RawRepresentable: return "\(label)=\(option.rawValue)"
            default: return "\(label)=\(value)"
            }
        }
    }
}

/// Checks a template's code, description, category, flags and its whole tree against the expected text.
func expectTemplate(
    _ code: String, _ description: String, _ category: WorkflowCategory, _ expectedTree: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let template = try #require(WorkflowTemplates.template(code), "no template \(code)", sourceLocation: sourceLocation)
    #expect(template.code == code, sourceLocation: sourceLocation)
    #expect(template.description == description, sourceLocation: sourceLocation)
    #expect(template.category == category, sourceLocation: sourceLocation)
    #expect(template.template && !template.enabled && template.companyId == nil, sourceLocation: sourceLocation)
    let actual = WorkflowTreeText.render(template).split(separator: "\n").map(String.init)
    let expected = expectedTree.split(separator: "\n").map(String.init)
    #expect(actual == expected, sourceLocation: sourceLocation)
}
