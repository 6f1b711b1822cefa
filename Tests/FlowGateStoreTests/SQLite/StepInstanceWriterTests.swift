import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct StepInstanceWriterTests {
    /// Every template's steps as a run, each field set, with dates that need all of a Double's digits.
    static func runs() -> [[WorkflowStepInstance]] {
        WorkflowTemplates.all.filter { !$0.steps.isEmpty }.map { template in
            let record = BusinessRecord(companyId: UUID(), entitySet: .salesDocuments, number: "S-\"/é", createdAt: fixedDate)
            let workflow = Workflow(companyId: record.companyId, code: template.code, description: template.description)
            let instanceId = UUID.timeOrdered()
            return template.steps.enumerated().map { index, step in
                var instance = WorkflowStepInstance(
                    instanceId: instanceId, workflow: workflow, step: step, record: record, userId: "ALICE\\\n", now: fixedDate
                )
                instance.status = WorkflowStepStatus.allCases[index % WorkflowStepStatus.allCases.count]
                instance.modifiedAt = Date(timeIntervalSinceReferenceDate: 771_234_567.123_456_7 + Double(index))
                return instance
            }
        }
    }

    @Test("A run written by the writer reads back equal, first time and from what it kept")
    func roundTrips() throws {
        let writer = StepInstanceWriter()
        for run in Self.runs() {
            for _ in 0..<2 {
                let decoded = try SQLiteStore.decode([WorkflowStepInstance].self, try writer.encode(run))
                #expect(decoded == run)
            }
        }
    }

    @Test("A step whose copied part changed is written anew, not from what was kept for its workflow and step")
    func changedCopiesAreRewritten() throws {
        let writer = StepInstanceWriter()
        var run = try #require(Self.runs().first)
        _ = try writer.encode(run)
        run[0].description = "Edited after the first run"
        run[0].argument = nil
        #expect(try SQLiteStore.decode([WorkflowStepInstance].self, try writer.encode(run)) == run)
    }

    @Test("The writer writes every field JSONEncoder writes, so a field added later cannot be dropped silently")
    func writesEveryField() throws {
        for run in Self.runs() {
            let written = try JSONSerialization.jsonObject(with: Data(try StepInstanceWriter().encode(run).utf8)) as? [[String: Any]]
            let encoded = try JSONSerialization.jsonObject(with: try BodyCoding.encoder.encode(run)) as? [[String: Any]]
            #expect(written?.map { Set($0.keys) } == encoded?.map { Set($0.keys) })
        }
    }
}
