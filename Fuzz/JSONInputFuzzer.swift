// libFuzzer target: request-body bytes → the JSON input readers of FlowGateCore.
//
// Compiled together with every file of Sources/FlowGateCore in one swiftc invocation (one module).
// See Fuzz/README.md and scripts/fuzz.
//
// The bytes go where a request body goes at the HTTP edge (FlowGateServer's `Request.jsonObject`):
// `JSONDecoder` into `JSONValue`, and an object then through Core's readers: `JSONObjectReader`,
// `RecordChanges.parse` (and applying the result to a record), and the Codable path of `Workflow`,
// `ApprovalUserSetup` and `WorkflowUserGroup` with their validation. `FlowConditions.decode` gets the
// base64 of the bytes (a conditions JSON object as a subscription sends it), the bytes as text (already
// base64), and any string member `conditions`. Every decoded value is written back with `jsonBytes`.
//
// Findings: any crash, trap, stack overflow or ASan report (errors thrown are expected); and
// `jsonBytes` output that `JSONDecoder` does not read back as the same value, since every API
// response and webhook payload is written that way.
import Foundation

private let companyId = UUID(uuidString: "00000000-0000-7000-8000-000000000001")!
private let subscriptionId = UUID(uuidString: "00000000-0000-7000-8000-000000000002")!
private let recordId = UUID(uuidString: "00000000-0000-7000-8000-000000000003")!
private let now = Date(timeIntervalSince1970: 1_795_000_000)

/// Enabled copies of the MS- templates: what a fuzzed workflow is checked against for overlapping starts.
private let enabledTemplates: [Workflow] = WorkflowTemplates.all.map { template in
    var workflow = template.copy(as: "E-" + template.code, companyId: companyId)
    workflow.enabled = true
    return workflow
}

private let knownUserNames: Set<String> = ["ALICE", "BOB", "CAROL", "alice"]
private let setupContext = ApprovalSetupContext(
    knownUserNames: knownUserNames,
    otherSetups: [
        ApprovalUserSetup(companyId: companyId, userName: "BOB", approverId: "CAROL", salespersonPurchaserCode: "SP1", approvalAdministrator: true),
        ApprovalUserSetup(companyId: companyId, userName: "CAROL", salespersonPurchaserCode: "SP2"),
    ],
    salespersonCodes: ["SP1", "SP2", "SP3"]
)

/// Writes `value` with `jsonBytes` and checks that the bytes are JSON that reads back as the same value.
private func checkWriting(_ value: JSONValue) {
    let bytes = value.jsonBytes
    let again: JSONValue
    do {
        again = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    } catch {
        fatalError("jsonBytes wrote JSON that does not decode: \(String(decoding: bytes.prefix(400), as: UTF8.self)) — \(error)")
    }
    if again != value {
        fatalError("jsonBytes round trip changed the value:\n  first: \(value)\n  again: \(again)")
    }
}

/// Every typed accessor of `JSONObjectReader` on every member, and on a member that is absent.
private func readAllMembers(_ object: [String: JSONValue]) {
    var reader = JSONObjectReader(object, path: "body")
    reader.rejectUnknown(allowed: ["number", "status", "fields", "lines", "amount"], context: "fuzz")
    for key in object.keys.sorted() + ["absent"] {
        _ = reader.fieldName(key)
        _ = reader.has(key)
        _ = reader.string(key).value
        _ = reader.decimal(key).value
        _ = reader.bool(key).value
        _ = reader.int(key).value
        _ = reader.object(key).value
        _ = reader.array(key).value
        _ = reader.enumeration(key, RecordStatus.self).value
        _ = reader.enumeration(key, DocumentType.self).value
        _ = reader.enumeration(key, EntitySet.self).value
        _ = reader.enumeration(key, ApproverType.self).value
    }
    _ = reader.problems.errors.count
    do { try reader.problems.throwIfAny() } catch {}
}

/// Creating and changing records of every entity set, as the record routes do.
private func parseRecordChanges(_ object: [String: JSONValue]) {
    for entitySet in EntitySet.allCases {
        _ = RecordChanges.allowedMembers(for: entitySet)
        for creating in [true, false] {
            guard let changes = try? RecordChanges.parse(object, entitySet: entitySet, creating: creating) else { continue }
            var record = BusinessRecord.creating(
                changes, id: recordId, companyId: companyId, entitySet: entitySet, number: "N-1", now: now
            )
            record.apply(changes)
            try? record.checkChangeAllowed(changes, workflowRunning: false)
            record.restricted = true
            try? record.checkChangeAllowed(changes, workflowRunning: true)
            checkWriting(.object(record.fields))
        }
    }
}

/// Subscription conditions, and the enabled workflow a subscription with them registers.
private func decodeConditions(_ text: String?, against workflow: Workflow?) {
    for kind in FlowWorkflowRegistration.kinds {
        guard let conditions = try? FlowConditions.decode(text, for: kind.entitySet) else { continue }
        let registered = FlowWorkflowRegistration.workflow(
            kind, code: "FLOW-1", companyId: companyId, conditions: conditions, responseUserId: "ALICE",
            subscriptionId: subscriptionId, clientId: "client"
        )
        let others = enabledTemplates + (workflow.map { [$0] } ?? [])
        try? registered.validateForEnabling(catalog: .standard, otherEnabled: others)
    }
}

/// The Codable path of a workflow and every check a save or an enable makes.
private func checkWorkflow(_ workflow: Workflow) {
    try? workflow.validateDefinition()
    try? workflow.validateForStoring(catalog: .standard, otherEnabled: enabledTemplates)
    try? workflow.validateForEnabling(catalog: .standard, otherEnabled: enabledTemplates + [workflow])
    try? workflow.checkCanBeReplaced(by: workflow)
    for template in enabledTemplates.prefix(3) {
        try? template.checkCanBeReplaced(by: workflow)
    }
    if let root = workflow.rootStep {
        for template in enabledTemplates {
            _ = template.startsOverlapping(with: root)
        }
        for id in workflow.steps.prefix(16).map(\.id) {
            _ = workflow.children(of: id)
            _ = workflow.step(id)
        }
    }
    _ = workflow.copy(as: "COPY", companyId: companyId)
}

/// The HTTP edge refuses bodies nested deeper than `JSONNesting.maximumDepth` before decoding them (decoding
/// into `JSONValue` grows much faster than the depth), so the fuzzer skips the decoder for them too.
/// `FUZZ_JSON_MAX_DEPTH` sets another cap, 0 none.
private let maximumDepth: Int = {
    Int(ProcessInfo.processInfo.environment["FUZZ_JSON_MAX_DEPTH"] ?? "") ?? JSONNesting.maximumDepth
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)

    // Conditions as a subscription sends them: base64 of JSON, and the bytes as text.
    decodeConditions(bytes.base64EncodedString(), against: nil)
    decodeConditions(String(decoding: bytes, as: UTF8.self), against: nil)

    if maximumDepth > 0, JSONNesting.exceeds(maximumDepth, in: UnsafeBufferPointer(start: data, count: size)) { return 0 }
    guard let value = try? JSONDecoder().decode(JSONValue.self, from: bytes) else { return 0 }
    checkWriting(value)
    guard case .object(let object) = value else { return 0 }

    readAllMembers(object)
    parseRecordChanges(object)
    if case .object(let fields)? = object["fields"] { readAllMembers(fields) }
    if case .array(let lines)? = object["lines"] {
        for case .object(let line) in lines.prefix(8) { readAllMembers(line) }
    }

    let workflow = try? JSONDecoder().decode(Workflow.self, from: bytes)
    if let workflow { checkWorkflow(workflow) }
    if case .string(let conditions)? = object["conditions"] {
        decodeConditions(conditions, against: workflow)
    }

    if let setup = try? JSONDecoder().decode(ApprovalUserSetup.self, from: bytes) {
        _ = try? setup.validated(in: setupContext)
        if let email = setup.email { _ = EmailAddress.isPlausible(email) }
    }
    if let group = try? JSONDecoder().decode(WorkflowUserGroup.self, from: bytes) {
        _ = try? group.validated(knownUserNames: knownUserNames)
    }
    return 0
}
