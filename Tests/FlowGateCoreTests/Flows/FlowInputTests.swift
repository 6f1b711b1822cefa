import Foundation
import Testing

@testable import FlowGateCore

/// The inputs an instant flow declares (`FlowInput.validate`) and the values a person gives when running it
/// (`FlowInput.check`).
@Suite struct FlowInputTests {
    /// One input of each type: a required string, an optional number, boolean and date, and a required choice.
    let declared = [
        FlowInput(name: "comment", type: .string, required: true),
        FlowInput(name: "amount", type: .number, required: false),
        FlowInput(name: "urgent", type: .boolean, required: false),
        FlowInput(name: "due", type: .date, required: false),
        FlowInput(name: "priority", type: .choice, required: true, choices: ["low", "high"]),
    ]

    /// The error `check` throws for `json`, recorded as an issue when it throws nothing or something else.
    func checkError(_ json: String, against inputs: [FlowInput]? = nil) throws -> FlowGateError? {
        let values = try jsonObject(json)
        return #expect(throws: FlowGateError.self) { _ = try FlowInput.check(values, against: inputs ?? declared) }
    }

    /// The error `validate` throws for `inputs`, recorded as an issue when it throws nothing or something else.
    func validateError(_ inputs: [FlowInput]) -> FlowGateError? {
        #expect(throws: FlowGateError.self) { try FlowInput.validate(inputs) }
    }

    // MARK: - check

    @Test("Values of the declared types are accepted and returned keyed by the input names")
    func validValuesAccepted() throws {
        let values = try jsonObject(#"{"comment": "please", "amount": 12.5, "urgent": true, "due": "2026-03-01", "priority": "high"}"#)
        let checked = try FlowInput.check(values, against: declared)
        #expect(checked == values)
    }

    @Test("Optional inputs may be left out or given as null; they are then not in the result")
    func optionalInputsMayBeAbsent() throws {
        let checked = try FlowInput.check(try jsonObject(#"{"comment": "x", "priority": "low", "amount": null}"#), against: declared)
        #expect(checked == ["comment": .string("x"), "priority": .string("low")])
    }

    @Test("A missing required input is named as inputs.<name>; a null counts as missing")
    func missingRequired() throws {
        let error = try checkError(#"{"comment": null}"#)
        #expect(error?.kind == .badRequest && error?.type == "validation-failed")
        #expect(fieldNames(error) == ["inputs.comment", "inputs.priority"])
        #expect(message(error, for: "inputs.comment") == "is required")
    }

    @Test(
        "A value of the wrong type is refused and the error names its input",
        arguments: [
            ("comment", #"5"#), ("amount", #""12""#), ("urgent", #""true""#), ("urgent", #"1"#), ("due", #"20260301"#),
            ("priority", #"2"#), ("comment", #"["a"]"#), ("amount", #"{"value": 1}"#),
        ]
    )
    func wrongType(name: String, value: String) throws {
        var body = ["comment": #""x""#, "priority": #""low""#]
        body[name] = value
        let json = "{" + body.map { #""\#($0.key)": \#($0.value)"# }.joined(separator: ", ") + "}"
        let error = try checkError(json)
        #expect(fieldNames(error) == ["inputs.\(name)"])
        #expect(message(error, for: "inputs.\(name)")?.hasPrefix("must be") == true)
    }

    @Test("A choice outside the declared choices is refused, naming the choices; choices are case-sensitive")
    func choiceOutsideChoices() throws {
        let error = try checkError(#"{"comment": "x", "priority": "urgent"}"#)
        #expect(fieldNames(error) == ["inputs.priority"])
        #expect(message(error, for: "inputs.priority") == "'urgent' is not one of 'low', 'high'")
        #expect(fieldNames(try checkError(#"{"comment": "x", "priority": "High"}"#)) == ["inputs.priority"])
    }

    @Test("A value for an input the flow does not declare is refused and named")
    func unknownInput() throws {
        let error = try checkError(#"{"comment": "x", "priority": "low", "colour": "red"}"#)
        #expect(fieldNames(error) == ["inputs.colour"])
        #expect(message(error, for: "inputs.colour") == "is not an input of this flow")
    }

    @Test("Input names are matched exactly: a differently cased name is unknown and the declared one missing")
    func namesMatchedExactly() throws {
        let error = try checkError(#"{"Comment": "x", "priority": "low"}"#)
        #expect(Set(fieldNames(error)) == ["inputs.Comment", "inputs.comment"])
    }

    @Test("Every problem is reported at once, each naming its input")
    func everyProblemAtOnce() throws {
        let error = try checkError(#"{"amount": "ten", "priority": "none", "extra": 1, "due": "soon"}"#)
        #expect(Set(fieldNames(error)) == ["inputs.extra", "inputs.comment", "inputs.amount", "inputs.priority", "inputs.due"])
        #expect(error?.errors.count == 5)
    }

    @Test("No inputs declared: an empty object passes, any value is unknown")
    func noInputs() throws {
        #expect(try FlowInput.check([:], against: []) == [:])
        #expect(fieldNames(try checkError(#"{"a": 1}"#, against: [])) == ["inputs.a"])
    }

    @Test(
        "Dates are YYYY-MM-DD or RFC 3339",
        arguments: ["2026-03-01", "2024-02-29", "2026-03-01T09:30:00Z", "2026-03-01T09:30:00+02:00", "2026-03-01T09:30:00.250Z", "2026-03-01T09:30:00-05:00"]
    )
    func validDates(text: String) throws {
        let dated = [FlowInput(name: "due", type: .date, required: true)]
        #expect(try FlowInput.check(["due": .string(text)], against: dated) == ["due": .string(text)])
    }

    @Test(
        "Anything else is not a date: other layouts, trailing text, impossible days, a time without an offset",
        arguments: [
            "", "tomorrow", "01/03/2026", "20260301", "2026-13-01", "2026-03-01x", "2026-03-01 09:30", "2026-1-5", "2026-02-30",
            "2026-03-01T09:30:00",
        ]
    )
    func invalidDates(text: String) throws {
        let dated = [FlowInput(name: "due", type: .date, required: true)]
        let error = #expect(throws: FlowGateError.self, "'\(text)' was taken for a date") {
            _ = try FlowInput.check(["due": .string(text)], against: dated)
        }
        guard let error else { return }
        #expect(fieldNames(error) == ["inputs.due"])
        #expect(message(error, for: "inputs.due")?.contains("YYYY-MM-DD or RFC 3339") == true)
    }

    // MARK: - validate

    @Test("Declarations of every type with their rules kept pass")
    func validDeclarations() throws {
        try FlowInput.validate(declared)
        try FlowInput.validate([])
        try FlowInput.validate([FlowInput(name: String(repeating: "n", count: FlowInput.maximumNameLength), type: .string, required: false)])
    }

    @Test("A name must be 1 to 100 characters, blanks not counting")
    func nameLength() {
        let error = validateError([
            FlowInput(name: "", type: .string, required: true), FlowInput(name: "   ", type: .string, required: true),
            FlowInput(name: String(repeating: "n", count: FlowInput.maximumNameLength + 1), type: .string, required: true),
        ])
        #expect(fieldNames(error) == ["inputs[0].name", "inputs[1].name", "inputs[2].name"])
    }

    @Test("A name declared twice, whatever its case, is refused at its second place")
    func duplicateNames() {
        let error = validateError([
            FlowInput(name: "Comment", type: .string, required: true), FlowInput(name: "amount", type: .number, required: false),
            FlowInput(name: "comment", type: .boolean, required: false),
        ])
        #expect(fieldNames(error) == ["inputs[2].name"])
    }

    @Test("A choice input needs distinct choices, at most 100; other types take none")
    func choiceRules() {
        let error = validateError([
            FlowInput(name: "a", type: .choice, required: true),
            FlowInput(name: "b", type: .choice, required: true, choices: []),
            FlowInput(name: "c", type: .choice, required: true, choices: ["x", "x"]),
            FlowInput(name: "d", type: .choice, required: true, choices: (0...FlowInput.maximumChoices).map(String.init)),
            FlowInput(name: "e", type: .string, required: true, choices: ["x"]),
        ])
        #expect(fieldNames(error) == ["inputs[0].choices", "inputs[1].choices", "inputs[2].choices", "inputs[3].choices", "inputs[4].choices"])
        #expect(message(error, for: "inputs[4].choices") == "only a choice input has choices")
    }

    @Test("validate reports under the field it is given")
    func validateFieldPrefix() {
        let error = #expect(throws: FlowGateError.self) {
            try FlowInput.validate([FlowInput(name: "", type: .string, required: true)], field: "definition.inputs")
        }
        #expect(fieldNames(error) == ["definition.inputs[0].name"])
    }
}
