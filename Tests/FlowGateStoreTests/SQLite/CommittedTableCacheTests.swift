import Foundation
import Testing

@testable import FlowGateStore

@Suite struct CommittedTableCacheTests {
    let cache = CommittedTableCache<String, Int>(tables: ["t"])

    @Test("A hit returns the kept value without reading")
    func hitDoesNotRead() async throws {
        var reads = 0
        #expect(await cache.value(for: "a") { reads += 1; return 1 } == 1)
        #expect(await cache.value(for: "a") { reads += 1; return 2 } == 1)
        #expect(reads == 1)
    }

    @Test("Not found is not kept: the next lookup reads again")
    func missIsNotKept() async throws {
        var reads = 0
        #expect(await cache.value(for: "a") { reads += 1; return nil } == nil)
        #expect(await cache.value(for: "a") { reads += 1; return 1 } == 1)
        #expect(reads == 2)
    }

    @Test("A commit during the read: the value read is returned but not kept")
    func commitDuringReadIsNotKept() async throws {
        #expect(await cache.value(for: "a") { cache.invalidate(); return 1 } == 1)
        #expect(await cache.value(for: "a") { 2 } == 2)
        #expect(await cache.value(for: "a") { 3 } == 2)
    }

    @Test("A value is stored only under the current generation")
    func storeUnderOldGenerationIsRefused() {
        let old = cache.generation
        cache.invalidate()
        cache.store(1, for: "a", generation: old)
        #expect(cache.cached("a", generation: cache.generation) == nil)
        cache.store(2, for: "a", generation: cache.generation)
        #expect(cache.cached("a", generation: cache.generation) == 2)
    }

    @Test("A transaction that began before a commit does not see the values read after it")
    func olderTransactionDoesNotSeeNewerValues() {
        let old = cache.generation
        cache.invalidate()
        cache.store(2, for: "a", generation: cache.generation)
        #expect(cache.value(for: "a", generation: old) { 1 } == 1)
        #expect(cache.cached("a", generation: cache.generation) == 2)
    }

    @Test("A commit empties the cache")
    func invalidateEmpties() async throws {
        _ = await cache.value(for: "a") { 1 }
        cache.invalidate()
        #expect(await cache.value(for: "a") { 2 } == 2)
    }

    @Test("Past its capacity the cache empties, then keeps the new value")
    func capacityBoundsMemory() {
        let cache = CommittedTableCache<String, Int>(tables: ["t"], capacity: 2)
        let generation = cache.generation
        cache.store(1, for: "a", generation: generation)
        cache.store(2, for: "b", generation: generation)
        cache.store(3, for: "c", generation: generation)
        #expect(cache.cached("a", generation: generation) == nil)
        #expect(cache.cached("b", generation: generation) == nil)
        #expect(cache.cached("c", generation: generation) == 3)
    }
}
