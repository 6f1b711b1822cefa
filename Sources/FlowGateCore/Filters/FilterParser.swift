/// Recursive-descent parser for the grammar of reference §2.
///
/// Precedence (NOT FOUND in the docs): `&` binds tighter than `|`, as in most languages, so
/// `A|B&C` is `A|(B&C)`; parentheses group explicitly. `@` may stand before a condition
/// (`@man*`, `@<>a*`), after its operator (`<>@a*`) or before a range's upper bound
/// (`a..@c`); anywhere, it makes the whole condition ignore case.
///
/// Input is bounded before it can cost much: text longer than ``maximumLength`` characters and
/// parentheses nested deeper than ``maximumNesting`` are refused, so neither this recursive descent
/// nor the recursive evaluation and printing of the tree it builds can exhaust the stack.
struct FilterParser {
    /// Far above any filter a person types (a list of a few hundred codes fits), far below what hurts.
    static let maximumLength = 10_000
    /// Business Central users group a level or two; 32 leaves room and keeps every walk of the tree shallow.
    static let maximumNesting = 32

    private let text: String
    private let lexemes: [FilterLexeme]
    private var index = 0
    private var nesting = 0

    private init(text: String, lexemes: [FilterLexeme]) {
        self.text = text
        self.lexemes = lexemes
    }

    /// Whitespace-only text counts as empty: no filter, like `SetFilter(F, '')`.
    static func parse(_ text: String) throws(FilterParseError) -> FilterNode {
        if text.allSatisfy(\.isWhitespace) { return .anything }
        if text.count > maximumLength {
            throw FilterParseError(
                filter: String(text.prefix(80)) + "…", position: maximumLength + 1,
                message: "the filter is longer than \(maximumLength) characters"
            )
        }
        var parser = FilterParser(text: text, lexemes: try FilterLexer.tokens(of: text))
        let root = try parser.alternatives()
        guard parser.current.kind == .end else { throw parser.unexpected(parser.current) }
        return root
    }

    // MARK: - Grammar

    private mutating func alternatives() throws(FilterParseError) -> FilterNode {
        var items = [try conjunction()]
        while current.kind == .or {
            advance()
            items.append(try conjunction())
        }
        return items.count == 1 ? items[0] : .anyOf(items)
    }

    private mutating func conjunction() throws(FilterParseError) -> FilterNode {
        var items = [try term()]
        while current.kind == .and {
            advance()
            items.append(try term())
        }
        return items.count == 1 ? items[0] : .allOf(items)
    }

    private mutating func term() throws(FilterParseError) -> FilterNode {
        guard current.kind == .open else { return try condition() }
        let opening = advance()
        guard nesting < Self.maximumNesting else {
            throw error(at: opening.position, "parentheses are nested deeper than \(Self.maximumNesting) levels")
        }
        nesting += 1
        defer { nesting -= 1 }
        let inner = try alternatives()
        guard current.kind == .close else {
            if current.kind == .end { throw error(at: opening.position, "unclosed '('") }
            throw unexpected(current)
        }
        advance()
        return inner
    }

    private mutating func condition() throws(FilterParseError) -> FilterNode {
        var ignoringCase = skipIgnoreCase()
        if case .comparison(let comparison) = current.kind {
            advance()
            ignoringCase = skipIgnoreCase() || ignoringCase
            let operandLexeme = current
            let operand = try requiredOperand()
            if case .pattern = operand, comparison != .equal, comparison != .notEqual {
                throw wildcardMisuse(at: operandLexeme)
            }
            return .comparison(comparison, operand, ignoringCase: ignoringCase)
        }
        if current.kind == .range {
            advance()
            ignoringCase = skipIgnoreCase() || ignoringCase
            return .range(from: nil, to: try rangeBound(), ignoringCase: ignoringCase)
        }
        let lowerLexeme = current
        let lower = try requiredOperand()
        guard current.kind == .range else {
            return .comparison(.equal, lower, ignoringCase: ignoringCase)
        }
        if case .pattern = lower { throw wildcardMisuse(at: lowerLexeme) }
        advance()
        let upperIgnoresCase = skipIgnoreCase()
        var upper: FilterOperand?
        if case .value = current.kind {
            upper = try rangeBound()
        } else if upperIgnoresCase {
            throw missingValue()
        }
        return .range(from: lower, to: upper, ignoringCase: ignoringCase || upperIgnoresCase)
    }

    /// A value that must be present and, being a bound, must not hold wildcards.
    private mutating func rangeBound() throws(FilterParseError) -> FilterOperand {
        let lexeme = current
        let operand = try requiredOperand()
        if case .pattern = operand { throw wildcardMisuse(at: lexeme) }
        return operand
    }

    private mutating func requiredOperand() throws(FilterParseError) -> FilterOperand {
        guard case .value(let segments) = current.kind else { throw missingValue() }
        let lexeme = advance()
        return try operand(from: segments, lexeme: lexeme)
    }

    private mutating func skipIgnoreCase() -> Bool {
        guard current.kind == .ignoreCase else { return false }
        advance()
        return true
    }

    // MARK: - Operands

    private func operand(from segments: [FilterSegment], lexeme: FilterLexeme) throws(FilterParseError) -> FilterOperand {
        if segments.count == 1, case .bare(let word) = segments[0], word.first == "%" {
            let name = word.dropFirst()
            if !name.isEmpty, name.allSatisfy(\.isLetter) {
                guard let token = FilterToken(rawValue: name.lowercased()) else {
                    throw error(at: lexeme.position, "unknown filter token '\(word)'")
                }
                return .token(token)
            }
        }
        var pieces: [FilterPatternPiece] = []
        var literal = ""
        for segment in segments {
            let characters = switch segment {
            case .bare(let value), .quoted(let value): value
            }
            for character in characters {
                switch character {
                case "*":
                    if !literal.isEmpty { pieces.append(.text(literal)); literal = "" }
                    if pieces.last != .anyCharacters { pieces.append(.anyCharacters) }
                case "?":
                    if !literal.isEmpty { pieces.append(.text(literal)); literal = "" }
                    pieces.append(.oneCharacter)
                default:
                    literal.append(character)
                }
            }
        }
        if pieces.isEmpty { return .literal(literal) }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return .pattern(pieces)
    }

    // MARK: - Cursor and errors

    private var current: FilterLexeme { lexemes[index] }

    @discardableResult
    private mutating func advance() -> FilterLexeme {
        let lexeme = lexemes[index]
        if lexeme.kind != .end { index += 1 }
        return lexeme
    }

    private func error(at position: Int, _ message: String) -> FilterParseError {
        FilterParseError(filter: text, position: position, message: message)
    }

    private func unexpected(_ lexeme: FilterLexeme) -> FilterParseError {
        error(at: lexeme.position, "did not expect '\(lexeme.text)'")
    }

    /// At the end: say what the value is missing after; elsewhere: name the token found instead.
    private func missingValue() -> FilterParseError {
        guard current.kind == .end else { return unexpected(current) }
        let previous = index > 0 ? lexemes[index - 1].text : ""
        return error(at: current.position, "missing value after '\(previous)'")
    }

    private func wildcardMisuse(at lexeme: FilterLexeme) -> FilterParseError {
        error(at: lexeme.position, "wildcards '*' and '?' can only be used with '=' or '<>'")
    }
}
