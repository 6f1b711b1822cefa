import Foundation
import Testing

@testable import FlowGateCore

@Suite struct UUIDTextTests {
    @Test("The hand-written forms equal Foundation's uuidString, lower and upper case")
    func matchesFoundation() {
        var ids = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))]
        ids.append(UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))
        ids += (0..<1_000).map { _ in UUID() }
        ids += (0..<1_000).map { _ in UUID.timeOrdered() }
        for id in ids {
            #expect(id.uppercasedString == id.uuidString)
            #expect(id.lowercasedString == id.uuidString.lowercased())
        }
    }
}
