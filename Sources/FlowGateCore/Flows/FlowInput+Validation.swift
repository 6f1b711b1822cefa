import Foundation

extension FlowInput {
    /// Input names: a letter, then letters, digits, `_`, `-` or spaces, at most 100 characters.
    public static let maximumNameLength = 100
    public static let maximumChoices = 100

    /// The rules of a flow's declared inputs: unique names, choices exactly on choice inputs.
    public static func validate(_ inputs: [FlowInput], field: String = "inputs") throws {
        var problems = ValidationErrors()
        var seen = Set<String>()
        for (index, input) in inputs.enumerated() {
            let path = "\(field)[\(index)]"
            let name = input.name.trimmingCharacters(in: .whitespaces)
            if name.isEmpty || name.count > maximumNameLength {
                problems.add("\(path).name", "must be 1 to \(maximumNameLength) characters")
            } else if !seen.insert(name.lowercased()).inserted {
                problems.add("\(path).name", "'\(name)' is declared twice")
            }
            switch (input.type, input.choices) {
            case (.choice, nil), (.choice, .some([])):
                problems.add("\(path).choices", "a choice input needs at least one choice")
            case (.choice, .some(let choices)):
                if choices.count > maximumChoices { problems.add("\(path).choices", "at most \(maximumChoices) choices") }
                if Set(choices).count != choices.count { problems.add("\(path).choices", "choices must be distinct") }
            case (_, .some):
                problems.add("\(path).choices", "only a choice input has choices")
            case (_, nil):
                break
            }
        }
        try problems.throwIfAny()
    }

    /// The values a person gave, checked against the declared inputs: every required input present, each of its
    /// type, a choice among its choices, nothing undeclared. Returns them keyed by the declared names; dates
    /// are `YYYY-MM-DD` or RFC 3339. Every error names its input as `inputs.<name>`.
    public static func check(_ values: [String: JSONValue], against inputs: [FlowInput]) throws -> [String: JSONValue] {
        var problems = ValidationErrors()
        let declared = Dictionary(inputs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in values.keys.sorted() where declared[name] == nil {
            problems.add("inputs.\(name)", "is not an input of this flow")
        }
        var checked: [String: JSONValue] = [:]
        for input in inputs {
            let field = "inputs.\(input.name)"
            guard let value = values[input.name], value != .null else {
                if input.required { problems.add(field, "is required") }
                continue
            }
            if let problem = input.problem(with: value) {
                problems.add(field, problem)
            } else {
                checked[input.name] = value
            }
        }
        try problems.throwIfAny()
        return checked
    }

    /// What is wrong with `value` for this input, or nil.
    func problem(with value: JSONValue) -> String? {
        switch (type, value) {
        case (.string, .string), (.number, .number), (.boolean, .bool):
            return nil
        case (.date, .string(let text)):
            return Self.isDate(text) ? nil : "must be a date (YYYY-MM-DD or RFC 3339), not '\(text)'"
        case (.choice, .string(let text)):
            guard let choices, !choices.contains(text) else { return nil }
            return "'\(text)' is not one of \(choices.map { "'\($0)'" }.joined(separator: ", "))"
        default:
            return "must be \(type.expected), not \(value.typeName)"
        }
    }

    static func isDate(_ text: String) -> Bool {
        Date.isCalendarDate(text) || Date(rfc3339: text) != nil
    }
}

extension FlowInput.InputType {
    var expected: String {
        switch self {
        case .string, .choice: "a string"
        case .number: "a number"
        case .boolean: "true or false"
        case .date: "a date string"
        }
    }
}
