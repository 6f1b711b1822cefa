import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct CompanyStoreTests {
    @Test("A company reads back equal by id, in either letter case of the UUID", arguments: StoreBackend.all)
    func companyById(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            #expect(try await store.company(idOrName: company.id.uuidString) == company)
            #expect(try await store.company(idOrName: company.id.uuidString.lowercased()) == company)
            #expect(try await store.company(idOrName: UUID().uuidString) == nil)
        }
    }

    @Test("A company is found by its name in any letter case", arguments: StoreBackend.all)
    func companyByName(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany("Cronus Demo")
            #expect(try await store.company(idOrName: "Cronus Demo") == company)
            #expect(try await store.company(idOrName: "CRONUS DEMO") == company)
            #expect(try await store.company(idOrName: "cronus demo") == company)
            #expect(try await store.company(idOrName: "Cronus") == nil)
        }
    }

    @Test("A second company with the same name, in any letter case, is a conflict", arguments: StoreBackend.all)
    func duplicateCompanyName(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let first = try await store.makeCompany("Cronus")
            let error = await flowGateError { _ = try await store.makeCompany("CRONUS") }
            #expect(error?.kind == .conflict)
            #expect(error?.detail.contains("CRONUS") == true)
            let page = try await store.companies(PageRequest())
            #expect(page.items == [first])
        }
    }

    @Test("Names with accented letters are case-insensitive too", arguments: StoreBackend.all)
    func accentedNameCaseInsensitive(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany("Müller Café")
            #expect(try await store.company(idOrName: "MÜLLER CAFÉ") == company)
            let error = await flowGateError { _ = try await store.makeCompany("MÜLLER CAFÉ") }
            #expect(error?.kind == .conflict)
        }
    }

    @Test("Companies are listed in creation order", arguments: StoreBackend.all)
    func companiesListed(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let a = try await store.makeCompany("A")
            let b = try await store.makeCompany("B")
            let c = try await store.makeCompany("C")
            let first = try await store.companies(PageRequest(limit: 2))
            #expect(first.items == [a, b])
            let cursor = try #require(first.nextCursor)
            let second = try await store.companies(try PageRequest(limit: "2", cursor: cursor))
            #expect(second.items == [c])
            #expect(second.nextCursor == nil)
        }
    }
}

@Suite struct UserStoreTests {
    @Test("A user reads back equal and is counted", arguments: StoreBackend.all)
    func userRoundTrip(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let user = User(userName: "ALICE", fullName: "Alice Andersen", email: "alice@example.com", createdAt: fixedDate)
            #expect(try await store.createUser(user) == user)
            #expect(try await store.user(named: "ALICE") == user)
            #expect(try await store.user(named: "BOB") == nil)
            #expect(try await store.userCount() == 1)
            #expect(try await store.users(PageRequest()).items == [user])
        }
    }

    @Test("A second user with the same name is a conflict", arguments: StoreBackend.all)
    func duplicateUser(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.createUser(User(userName: "ALICE", fullName: "First", createdAt: fixedDate))
            let error = await flowGateError {
                _ = try await store.createUser(User(userName: "ALICE", fullName: "Second", createdAt: fixedDate))
            }
            #expect(error?.kind == .conflict)
            #expect(try await store.user(named: "ALICE")?.fullName == "First")
            #expect(try await store.userCount() == 1)
        }
    }

    @Test("Each update stores the change and grows the version by one, keeping the creation time", arguments: StoreBackend.all)
    func updateGrowsVersion(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            var user = try await store.createUser(User(userName: "ALICE", createdAt: fixedDate))
            user.fullName = "Alice A."
            user.state = .disabled
            user.createdAt = Date(timeIntervalSince1970: 0)
            let updated = try await store.updateUser(user, precondition: .version(1))
            #expect(updated.version == 2)
            #expect(updated.createdAt == fixedDate)
            #expect(try await store.user(named: "ALICE") == updated)

            var again = updated
            again.email = "alice@example.com"
            let third = try await store.updateUser(again, precondition: .none)
            #expect(third.version == 3)
            #expect(try await store.user(named: "ALICE")?.email == "alice@example.com")
            #expect(try await store.user(named: "ALICE")?.state == .disabled)
        }
    }

    @Test("An update with a stale version is refused with 412 and changes nothing", arguments: StoreBackend.all)
    func staleUpdateRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            var user = try await store.createUser(User(userName: "ALICE", fullName: "Alice", createdAt: fixedDate))
            user.fullName = "First writer"
            _ = try await store.updateUser(user, precondition: .version(1))
            user.fullName = "Second writer"
            let error = await flowGateError { _ = try await store.updateUser(user, precondition: .version(1)) }
            #expect(error?.kind == .preconditionFailed)
            let stored = try await store.user(named: "ALICE")
            #expect(stored?.fullName == "First writer")
            #expect(stored?.version == 2)
        }
    }

    @Test("Updating a missing user: 412 with If-Match *, not found without", arguments: StoreBackend.all)
    func updateMissingUser(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let ghost = User(userName: "GHOST", createdAt: fixedDate)
            #expect(await flowGateError { _ = try await store.updateUser(ghost, precondition: .exists) }?.kind == .preconditionFailed)
            #expect(await flowGateError { _ = try await store.updateUser(ghost, precondition: .none) }?.kind == .notFound)
            #expect(try await store.user(named: "GHOST") == nil)
        }
    }
}
