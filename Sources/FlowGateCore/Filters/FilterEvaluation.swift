import Foundation

extension FilterExpression {
    /// Whether a field value passes this filter.
    ///
    /// Never throws: a value or operand that cannot be read in `kind` (the text `abc` against a
    /// number, `%me` without a user) makes that condition false, for `<>` too. Arrays and
    /// objects match only the empty filter. `nil` and `.null` are blank: empty text, 0, No,
    /// or the blank date.
    public func matches(_ value: JSONValue?, as kind: FilterValueKind = .automatic, in context: FilterContext) -> Bool {
        FilterEvaluator(subject: FilterSubject(value, as: kind), context: context).evaluate(root)
    }
}

/// A field value read once, in the kind it is filtered as.
enum FilterSubject {
    case decimal(Decimal)
    case text(String, TextRule)
    case boolean(Bool)
    case date(Int)
    /// A missing value of unknown kind: read as 0 or as blank text, per condition.
    case blank
    case unreadable

    enum TextRule { case exact, code, caption }

    init(_ value: JSONValue?, as kind: FilterValueKind) {
        switch (kind, value) {
        case (.automatic, nil), (.automatic, .null?): self = .blank
        case (.automatic, .number(let number)?): self = .decimal(number)
        case (.automatic, .bool(let flag)?): self = .boolean(flag)
        case (.automatic, .string(let text)?): self = .text(text, .exact)
        case (.decimal, nil), (.decimal, .null?): self = .decimal(0)
        case (.decimal, .number(let number)?): self = .decimal(number)
        case (.decimal, .string(let text)?):
            if text.allSatisfy(\.isWhitespace) {
                self = .decimal(0)
            } else {
                self = FilterText.decimal(text).map(FilterSubject.decimal) ?? .unreadable
            }
        case (.boolean, nil), (.boolean, .null?): self = .boolean(false)
        case (.boolean, .bool(let flag)?): self = .boolean(flag)
        case (.boolean, .number(let number)?): self = number == 0 ? .boolean(false) : number == 1 ? .boolean(true) : .unreadable
        case (.boolean, .string(let text)?):
            self = text.allSatisfy(\.isWhitespace) ? .boolean(false) : FilterText.boolean(text).map(FilterSubject.boolean) ?? .unreadable
        case (.date, _): self = FilterDates.day(ofField: value).map(FilterSubject.date) ?? .unreadable
        case (.text, _): self = FilterSubject.text(value).map { .text($0, .exact) } ?? .unreadable
        case (.code, _):
            self = FilterSubject.text(value).map { .text($0.trimmingCharacters(in: .whitespaces).uppercased(), .code) } ?? .unreadable
        case (.option, _): self = FilterSubject.text(value).map { .text($0, .caption) } ?? .unreadable
        default: self = .unreadable
        }
    }

    /// The text of a scalar; booleans as Business Central formats them (`Yes`/`No`).
    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case nil, .null?: ""
        case .string(let text)?: text
        case .number(let number)?: "\(number)"
        case .bool(let flag)?: FilterText.caption(flag)
        case .array?, .object?: nil
        }
    }
}

/// Walks a filter tree for one subject.
struct FilterEvaluator {
    let subject: FilterSubject
    let context: FilterContext

    func evaluate(_ node: FilterNode) -> Bool {
        switch node {
        case .anything: true
        case .anyOf(let items): items.contains(where: evaluate)
        case .allOf(let items): items.allSatisfy(evaluate)
        case .comparison, .range: condition(node)
        }
    }

    private func condition(_ node: FilterNode) -> Bool {
        switch subject {
        case .unreadable:
            return false
        case .blank:
            let numeric = Self.operands(of: node).contains {
                if case .literal(let text) = $0 { FilterText.decimal(text) != nil } else { false }
            }
            return FilterEvaluator(subject: numeric ? .decimal(0) : .text("", .exact), context: context).condition(node)
        case .decimal(let number):
            return check(node, number, patternText: "\(number)", fold: { $0 }) { operand in
                guard case .literal(let text) = operand else { return nil }
                guard let bound = text.isEmpty ? 0 : FilterText.decimal(text) else { return nil }
                return bound...bound
            }
        case .boolean(let flag):
            return check(node, flag ? 1 : 0, patternText: FilterText.caption(flag), fold: { $0.lowercased() }) { operand in
                guard case .literal(let text) = operand, let bound = text.isEmpty ? false : FilterText.boolean(text) else {
                    return nil
                }
                return bound ? 1...1 : 0...0
            }
        case .date(let day):
            return check(node, day, patternText: Self.isoText(day), fold: { $0 }) { operand in
                FilterDates.interval(of: operand, in: context)
            }
        case .text(let text, let rule):
            let fold = Self.caseFold(rule, ignoringCase: Self.ignoresCase(node))
            return check(node, CollatedText(fold(text)), patternText: text, fold: fold) { operand in
                let raw: String? = switch operand {
                case .literal(let literal): literal
                case .token(.me), .token(.user): context.userId
                case .token, .pattern: nil
                }
                guard let raw else { return nil }
                let bound = CollatedText(fold(rule == .code ? raw.trimmingCharacters(in: .whitespaces) : raw))
                return bound...bound
            }
        }
    }

    /// One condition against a value of any ordered kind. An operand stands for an interval
    /// (one value, or a whole period such as `%month`), so `=` means "inside" and `>` "after".
    private func check<Key: Comparable>(
        _ node: FilterNode, _ value: Key, patternText: String?, fold: (String) -> String,
        bounds: (FilterOperand) -> ClosedRange<Key>?
    ) -> Bool {
        switch node {
        case .comparison(let comparison, .pattern(let pieces), _):
            guard let patternText else { return false }
            let matched = FilterText.matches(pieces, patternText, fold: fold)
            return comparison == .notEqual ? !matched : matched
        case .comparison(let comparison, let operand, _):
            guard let bound = bounds(operand) else { return false }
            switch comparison {
            case .equal: return bound.contains(value)
            case .notEqual: return !bound.contains(value)
            case .less: return value < bound.lowerBound
            case .lessOrEqual: return value <= bound.upperBound
            case .greater: return value > bound.upperBound
            case .greaterOrEqual: return value >= bound.lowerBound
            }
        case .range(let from, let to, _):
            if let from {
                guard let bound = bounds(from), value >= bound.lowerBound else { return false }
            }
            if let to {
                guard let bound = bounds(to), value <= bound.upperBound else { return false }
            }
            return true
        case .anything, .anyOf, .allOf:
            return evaluate(node)
        }
    }

    private static func caseFold(_ rule: FilterSubject.TextRule, ignoringCase: Bool) -> (String) -> String {
        switch rule {
        case .caption: { $0.lowercased() }
        case _ where ignoringCase: { $0.lowercased() }
        case .code: { $0.uppercased() }
        case .exact: { $0 }
        }
    }

    private static func ignoresCase(_ node: FilterNode) -> Bool {
        switch node {
        case .comparison(_, _, let ignoringCase), .range(_, _, let ignoringCase): ignoringCase
        case .anything, .anyOf, .allOf: false
        }
    }

    private static func operands(of node: FilterNode) -> [FilterOperand] {
        switch node {
        case .comparison(_, let operand, _): [operand]
        case .range(let from, let to, _): [from, to].compactMap { $0 }
        case .anything, .anyOf, .allOf: []
        }
    }

    private static func isoText(_ day: Int) -> String {
        guard day != FilterDates.blank else { return "" }
        let (year, month, dayOfMonth) = CivilDays.civil(day)
        return String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }
}
