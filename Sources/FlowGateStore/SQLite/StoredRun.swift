import FlowGateCore
import Foundation
import GRDB

/// One workflow run as a `workflow_runs` row: its step instances, encoded together as a JSON array.
struct StoredRun: Sendable {
    /// The run's steps in step order; never empty, all with the same `instanceId`.
    let steps: [WorkflowStepInstance]
    let body: String

    /// The runs of `steps` (every step of each run), in the order they first appear.
    static func runs(of steps: [WorkflowStepInstance]) throws -> [StoredRun] {
        var order: [UUID] = []
        var grouped: [UUID: [WorkflowStepInstance]] = [:]
        for step in steps {
            if grouped[step.instanceId] == nil { order.append(step.instanceId) }
            grouped[step.instanceId, default: []].append(step)
        }
        return try order.map { id in
            let steps = grouped[id]!
            return StoredRun(steps: steps, body: try StepInstanceWriter.shared.encode(steps))
        }
    }

    /// Whether the run still waits for an event or is being handled, so it must not be archived.
    var active: Bool {
        steps.contains { $0.status == .active || $0.status == .processing }
    }

    func upsert(_ db: Database) throws {
        let first = steps[0]
        try db.cachedStatement(
            sql: """
                INSERT INTO workflow_runs (instance_id, company_id, record_id, workflow_code, active, steps)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (instance_id) DO UPDATE SET active = excluded.active, steps = excluded.steps
                """
        ).execute(arguments: [
            first.instanceId.storeKey, first.companyId.storeKey, first.recordId.storeKey, first.workflowCode, active, body,
        ])
    }

    /// The live step instances of a record, run by run.
    static func steps(_ db: Database, companyId: UUID, recordId: UUID) throws -> [WorkflowStepInstance] {
        try String.fetchAll(
            try db.cachedStatement(sql: "SELECT steps FROM workflow_runs WHERE company_id = ? AND record_id = ? ORDER BY seq"),
            arguments: [companyId.storeKey, recordId.storeKey]
        ).flatMap { try SQLiteStore.decode([WorkflowStepInstance].self, $0) }
    }

    /// A page of live step instances, oldest run first. A step's position is its run's `seq` times 65,536 plus its
    /// index in the run, so a cursor stays valid while the run is rewritten in place.
    static func page(_ db: Database, companyId: UUID, recordId: UUID?, _ page: PageRequest) throws -> Page<WorkflowStepInstance> {
        let after = page.after ?? 0
        var sql = "SELECT seq, steps FROM workflow_runs WHERE company_id = ?"
        var arguments: StatementArguments = [companyId.storeKey]
        if let recordId { sql += " AND record_id = ?"; arguments += [recordId.storeKey] }
        let statement = try db.cachedStatement(sql: sql + " AND seq >= ? ORDER BY seq LIMIT ?")
        var found: [(position: Int64, step: WorkflowStepInstance)] = []
        var fromSeq = after >> 16
        while found.count <= page.limit {
            let rows = try Row.fetchAll(statement, arguments: arguments + [fromSeq, page.limit + 1])
            for row in rows {
                let seq: Int64 = row["seq"]
                for (index, step) in try SQLiteStore.decode([WorkflowStepInstance].self, row["steps"]).enumerated() {
                    let position = seq << 16 | Int64(index)
                    if position > after { found.append((position, step)) }
                }
            }
            guard rows.count > page.limit, let last = rows.last else { break }
            fromSeq = (last["seq"] as Int64) + 1
        }
        let kept = found.prefix(page.limit)
        let next = found.count > page.limit ? kept.last.map { PageCursor.encode($0.position) } : nil
        return Page(items: kept.map(\.step), nextCursor: next)
    }
}
