import FlowGateCore
import Foundation
import Synchronization

/// Writes a run's step instances as the JSON array `workflow_runs.steps` holds, decodable by `BodyCoding.decoder`.
///
/// A step instance is mostly a copy of its workflow step (type, function, links, argument, rules), the same for
/// every run of that workflow; JSONEncoder spent more time on those copies than any other part of an approval
/// request. Here each step's copied part is encoded once and kept with the value it was encoded from; a step whose
/// copied part still equals it reuses the text, and only the run's own fields are written each time.
final class StepInstanceWriter: Sendable {
    /// One for the process: what it keeps is checked against each step before use, so any store may share it.
    static let shared = StepInstanceWriter()

    /// The fields a step instance copies from its workflow step, named as in `WorkflowStepInstance`.
    private struct CopiedPart: Encodable, Equatable {
        var type: WorkflowStepType
        var functionName: String
        var entryPoint: Bool
        var previousStepId: Int?
        var nextStepId: Int?
        var sequenceNo: Int
        var description: String
        var argument: WorkflowStepArgument?
        var rules: [WorkflowRule]

        init(_ step: WorkflowStepInstance) {
            (type, functionName, entryPoint, previousStepId, nextStepId) =
                (step.type, step.functionName, step.entryPoint, step.previousStepId, step.nextStepId)
            (sequenceNo, description, argument, rules) = (step.sequenceNo, step.description, step.argument, step.rules)
        }
    }

    private struct Key: Hashable {
        let workflowCode: String
        let stepId: Int
    }

    /// The members of each copied part's JSON object, without its braces.
    private let encoded = Mutex<[Key: (part: CopiedPart, members: [UInt8])]>([:])
    /// Workflows are few; the bound only keeps a pathological number of edits from growing memory without end.
    private let capacity = 10_000

    func encode(_ steps: [WorkflowStepInstance]) throws -> String {
        var output: [UInt8] = [UInt8(ascii: "[")]
        output.reserveCapacity(steps.count * 512)
        for (index, step) in steps.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            try write(step, to: &output)
        }
        output.append(UInt8(ascii: "]"))
        return String(decoding: output, as: UTF8.self)
    }

    private func write(_ step: WorkflowStepInstance, to output: inout [UInt8]) throws {
        output += #"{"instanceId":"#.utf8
        JSONValue.writeString(step.instanceId.uppercasedString, to: &output)
        output += #","companyId":"#.utf8
        JSONValue.writeString(step.companyId.uppercasedString, to: &output)
        output += #","workflowCode":"#.utf8
        JSONValue.writeString(step.workflowCode, to: &output)
        output += #","stepId":"#.utf8
        output += String(step.stepId).utf8
        output += #","recordId":"#.utf8
        JSONValue.writeString(step.recordId.uppercasedString, to: &output)
        output += #","entitySet":"#.utf8
        JSONValue.writeString(step.entitySet.rawValue, to: &output)
        output += #","status":"#.utf8
        JSONValue.writeString(step.status.rawValue, to: &output)
        // Dates as `.deferredToDate` encodes them: seconds since 2001 as a number, exact in its shortest form.
        output += #","createdAt":"#.utf8
        output += step.createdAt.timeIntervalSinceReferenceDate.description.utf8
        output += #","createdBy":"#.utf8
        JSONValue.writeString(step.createdBy, to: &output)
        output += #","modifiedAt":"#.utf8
        output += step.modifiedAt.timeIntervalSinceReferenceDate.description.utf8
        output += #","modifiedBy":"#.utf8
        JSONValue.writeString(step.modifiedBy, to: &output)
        let members = try copiedMembers(step)
        if !members.isEmpty {
            output.append(UInt8(ascii: ","))
            output += members
        }
        output.append(UInt8(ascii: "}"))
    }

    private func copiedMembers(_ step: WorkflowStepInstance) throws -> [UInt8] {
        let key = Key(workflowCode: step.workflowCode, stepId: step.stepId)
        let part = CopiedPart(step)
        if let known = encoded.withLock({ $0[key] }), known.part == part { return known.members }
        let object = try BodyCoding.encoder.encode(part)
        let members = Array(object.dropFirst().dropLast())  // {…} without the braces
        encoded.withLock { cache in
            if cache.count >= capacity { cache.removeAll() }
            cache[key] = (part, members)
        }
        return members
    }
}
