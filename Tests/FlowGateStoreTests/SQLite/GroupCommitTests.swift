import FlowGateDelivery
import Foundation
import GRDB
import Synchronization
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct GroupCommitTests {
    struct Refused: Error {}

    @Test("Work queued while a transaction runs shares the next one; a unit that fails is undone alone")
    func unitsShareTransactions() async throws {
        // Each transaction gets its own date, so units can tell whether they shared one.
        let transactions = Mutex(0)
        var configuration = Configuration()
        configuration.transactionClock = .custom { _ in
            Date(timeIntervalSince1970: Double(transactions.withLock { count in
                count += 1
                return count
            }))
        }
        let database = try DatabaseQueue(configuration: configuration)
        try await database.write { db in try db.execute(sql: "CREATE TABLE names (name TEXT NOT NULL)") }
        let commits = GroupCommit(writer: database)

        // Holding the writer makes the units below queue up behind it.
        async let held: Void = database.write { _ in Thread.sleep(forTimeInterval: 0.3) }
        try await Task.sleep(for: .milliseconds(50))
        let names = ["a", "b", "refused", "c", "d", "e"]
        let results = await withTaskGroup(of: (String, Result<Date, any Error>).self) { group in
            for name in names {
                group.addTask {
                    do {
                        let date = try await commits.run { db in
                            try db.execute(sql: "INSERT INTO names (name) VALUES (?)", arguments: [name])
                            if name == "refused" { throw Refused() }
                            return try db.transactionDate
                        }
                        return (name, .success(date))
                    } catch {
                        return (name, .failure(error))
                    }
                }
            }
            return await group.reduce(into: [String: Result<Date, any Error>]()) { $0[$1.0] = $1.1 }
        }
        try await held

        let dates = names.filter { $0 != "refused" }.compactMap { try? results[$0]?.get() }
        #expect(dates.count == 5)
        #expect(Set(dates).count <= 2)  // the first unit may start a transaction alone; the rest share the next
        #expect(throws: Refused.self) { try results["refused"]?.get() }
        let stored = try await database.read { db in try String.fetchAll(db, sql: "SELECT name FROM names ORDER BY name") }
        #expect(stored == ["a", "b", "c", "d", "e"])
    }

    @Test("Concurrent outcomes of many records all commit; of two on the same snapshot, exactly one does")
    func concurrentOutcomes() async throws {
        try await withFileStore { store async throws in
            let company = try await store.makeCompany()
            try await store.registerFlowWorkflow(company)
            var records: [BusinessRecord] = []
            for index in 0..<30 { records.append(try await store.makeCustomer(company, "Customer \(index)")) }
            let duplicate = records[0]

            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for record in records + [duplicate] {
                    group.addTask {
                        let entry = webhookEntry(record, entryNo: 1)
                        let message = outboxMessage(about: entry, subscriptionId: nil, companyId: company.id)
                        let result = try? await store.apply(outcome(record, webhookEntries: [entry]), outboxMessages: [message])
                        return result != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }

            #expect(outcomes.filter { $0 }.count == 30)
            let messages = try await store.deliveries(DeliveryQuery(), PageRequest(limit: 100)).items
            #expect(messages.count == 30)
            let entries = try await store.webhookEntries(companyId: company.id, WebhookEntryQuery(), PageRequest(limit: 100)).items
            #expect(entries.map(\.entryNo) == Array(1...30))
            #expect(Set(entries.map(\.id)) == Set(messages.compactMap(\.sourceId)))
        }
    }
}
