import Foundation
import Testing

@testable import FlowGateCore

/// A webhook subscription's `conditions`: base64 JSON (test codeunit 135528's shapes) decoded into event conditions.
@Suite("Flow: a subscription's base64 JSON conditions")
struct FlowConditionsTests {
    static func decode(_ json: String, for entitySet: EntitySet = .salesDocuments, padding: Bool = true) throws -> EventConditions? {
        try FlowConditions.decode(FlowFixture.base64(json, padding: padding), for: entitySet)
    }

    static func condition(_ field: String, _ filter: String) -> FieldCondition {
        FieldCondition(field: field, filter: filter)
    }

    /// The error decoding `json` for `entitySet` raises.
    static func failure(_ json: String, for entitySet: EntitySet = .salesDocuments, sourceLocation: SourceLocation = #_sourceLocation) -> FlowGateError? {
        #expect(throws: FlowGateError.self, sourceLocation: sourceLocation) { try decode(json, for: entitySet) }
    }

    @Test("Documents: HeaderConditions become header conditions, in order, filters kept as written")
    func documentHeader() throws {
        let conditions = try Self.decode(
            #"{"HeaderConditions":[{"Name":"documentType","Value":"Order"},{"Name":"status","Value":"Open"},{"Name":"amount","Value":">0"}]}"#
        )
        #expect(conditions == EventConditions(header: [Self.condition("documentType", "Order"), Self.condition("status", "Open"), Self.condition("amount", ">0")]))
    }

    @Test("Other records: Conditions become header conditions")
    func otherRecords() throws {
        let conditions = try Self.decode(#"{"Conditions":[{"Name":"templateType","Value":"General"}]}"#, for: .generalJournalBatches)
        #expect(conditions == EventConditions(header: [Self.condition("templateType", "General")]))
    }

    @Test("Documents: LinesConditions become line conditions next to the header's")
    func documentLines() throws {
        let conditions = try Self.decode(
            #"{"HeaderConditions":[{"Name":"documentType","Value":"Order"}],"LinesConditions":[{"Name":"type","Value":"Item"},{"Name":"quantity","Value":">=10"}]}"#,
            for: .purchaseDocuments
        )
        #expect(conditions?.header == [Self.condition("documentType", "Order")])
        #expect(conditions?.lines == [Self.condition("type", "Item"), Self.condition("quantity", ">=10")])
    }

    @Test("Base64 without its = padding, as platforms sometimes send it, decodes the same")
    func unpadded() throws {
        // 59 bytes: padded base64 ends in "=".
        let json = #"{"Conditions":[{"Name":"no","Value":"C10000|C20000"}]} "#
        #expect(FlowFixture.base64(json).hasSuffix("=") && !FlowFixture.base64(json, padding: false).hasSuffix("="))
        let expected = EventConditions(header: [Self.condition("no", "C10000|C20000")])
        #expect(try Self.decode(json, for: .customers, padding: false) == expected)
        #expect(try Self.decode(json, for: .customers, padding: true) == expected)
    }

    @Test("No conditions: nil, empty or blank text, an empty object and empty lists all mean every record")
    func none() throws {
        #expect(try FlowConditions.decode(nil, for: .customers) == nil)
        #expect(try FlowConditions.decode("", for: .customers) == nil)
        #expect(try FlowConditions.decode("   ", for: .customers) == nil)
        #expect(try FlowConditions.decode("\r\n", for: .customers) == nil)
        #expect(try Self.decode("{}", for: .customers) == nil)
        #expect(try Self.decode(#"{"HeaderConditions":[],"LinesConditions":[]}"#) == nil)
    }

    @Test("A Value given as a JSON number is read as its filter text")
    func numericValue() throws {
        #expect(try Self.decode(#"{"Conditions":[{"Name":"amount","Value":100}]}"#, for: .generalJournalLines)?.header == [Self.condition("amount", "100")])
    }

    @Test("Text that is not base64 is refused")
    func notBase64() {
        let error = #expect(throws: FlowGateError.self) { try FlowConditions.decode("{not base64!}", for: .customers) }
        #expect(error?.kind == .badRequest)
        #expect(error?.errors == [.init(field: "conditions", message: "The conditions must be base64-encoded JSON.")])
    }

    @Test("Base64 of anything but a JSON object is refused", arguments: ["not json", #"[{"Name":"no","Value":"1"}]"#, "\"text\"", "42"])
    func notAnObject(_ json: String) {
        let error = Self.failure(json)
        #expect(error?.kind == .badRequest)
        #expect(error?.errors == [.init(field: "conditions", message: "The conditions must be a base64-encoded JSON object.")])
    }

    @Test("An unknown key is named, with the keys that are known")
    func unknownKey() {
        let error = Self.failure(#"{"HeaderConditions":[],"Filters":[{"Name":"no","Value":"1"}]}"#)
        #expect(
            error?.errors.map(\.message) == ["Unknown key 'Filters' in the conditions; expected HeaderConditions, LinesConditions or Conditions."]
        )
    }

    @Test("A condition without a Name, with a blank one, or without a Value is refused, naming its place")
    func missingNameOrValue() {
        #expect(Self.failure(#"{"Conditions":[{"Value":"X"}]}"#, for: .items)?.errors.map(\.message) == [#"Conditions[0] needs a "Name" naming a field."#])
        #expect(
            Self.failure(#"{"HeaderConditions":[{"Name":"status","Value":"Open"},{"Name":" ","Value":"X"}]}"#)?.errors.map(\.message)
                == [#"HeaderConditions[1] needs a "Name" naming a field."#]
        )
        #expect(
            Self.failure(#"{"Conditions":[{"Name":"no"}]}"#, for: .vendors)?.errors.map(\.message) == [#"Conditions[0] (no) needs a "Value" filter text."#]
        )
        #expect(
            Self.failure(#"{"Conditions":[{"Name":"no","Value":null}]}"#, for: .vendors)?.errors.map(\.message)
                == [#"Conditions[0] (no) needs a "Value" filter text."#]
        )
        #expect(
            Self.failure(#"{"HeaderConditions":{"Name":"no","Value":"1"}}"#)?.errors.map(\.message)
                == [#"HeaderConditions must be an array of {"Name", "Value"} objects."#]
        )
    }

    @Test("A Value that is no valid filter is an invalid-filter 400 naming the condition and the position")
    func invalidFilter() {
        let error = Self.failure(#"{"HeaderConditions":[{"Name":"documentType","Value":"Order"},{"Name":"amount","Value":"1..2..3"}]}"#)
        #expect(error?.kind == .badRequest)
        #expect(error?.type == "invalid-filter")
        #expect(error?.detail == #"HeaderConditions[1] (amount): The filter "1..2..3" is not valid: did not expect '..' at position 5."#)
        let lines = Self.failure(#"{"LinesConditions":[{"Name":"type","Value":"(Item|Resource"}]}"#)
        #expect(lines?.type == "invalid-filter")
        #expect(lines?.detail == #"LinesConditions[0] (type): The filter "(Item|Resource" is not valid: unclosed '(' at position 1."#)
    }

    @Test("LinesConditions are refused on records without lines", arguments: [EntitySet.customers, .vendors, .items, .generalJournalBatches, .generalJournalLines])
    func linesOnRecordsWithoutLines(_ entitySet: EntitySet) {
        let error = Self.failure(#"{"Conditions":[{"Name":"no","Value":"C10000"}],"LinesConditions":[{"Name":"type","Value":"Item"}]}"#, for: entitySet)
        #expect(error?.errors.map(\.message) == ["LinesConditions apply only to sales and purchase documents."])
    }
}
