/// One token of filter text, with its 1-based character position for error messages.
struct FilterLexeme: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A value: an optional quoted part, then bare text, e.g. `Co*`, `'J & V*'`, `'J & V'*`.
        case value([FilterSegment])
        /// `@` where a value starts: ignore case for this condition.
        case ignoreCase
        case comparison(FilterComparison)
        case range
        case or, and, open, close
        case end
    }

    var kind: Kind
    var position: Int
    /// The source characters of the token, for messages (`did not expect ')'`).
    var text: String
}

/// A run of value characters: bare text (wildcards active, operators end it) or quoted text.
enum FilterSegment: Sendable, Equatable {
    case bare(String)
    case quoted(String)
}

/// Splits filter text into tokens.
///
/// Rules the reference leaves open (§1), chosen as a Business Central user would expect:
/// - Whitespace around operators is ignored outside quotes; whitespace inside a value is kept
///   (`Pending Approval`), trailing whitespace of a bare value is trimmed.
/// - Outside quotes `& | ( ) = < >` and `..` are operators; a single `.` is part of a value
///   (`1000.50`, `Adjmt. Entry`). `@` is special only where a value starts.
/// - A value that starts with `'` is quoted up to the closing `'`; inside, every character is
///   literal except `*` and `?`, which stay wildcards (U1's `'J & V*'`), and `''` is one quote.
///   So a literal `*` or `?` cannot be matched, as in Business Central.
/// - A quoted part may be followed by bare text: `'J & V'*`.
/// - Further on in a value, `'` is an apostrophe: `O'Brien` works unquoted, and `O''Brien`
///   (what Base App's `SelectionFilterManagement.AddQuotes` writes, C2) means the same.
struct FilterLexer {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) {
        characters = Array(text)
    }

    static func tokens(of text: String) throws(FilterParseError) -> [FilterLexeme] {
        var lexer = FilterLexer(text)
        var result: [FilterLexeme] = []
        while true {
            let lexeme = try lexer.next(in: text)
            result.append(lexeme)
            if lexeme.kind == .end { return result }
        }
    }

    private mutating func next(in text: String) throws(FilterParseError) -> FilterLexeme {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        let start = index
        guard index < characters.count else { return FilterLexeme(kind: .end, position: start + 1, text: "") }
        let kind: FilterLexeme.Kind
        switch characters[index] {
        case "(": kind = .open; index += 1
        case ")": kind = .close; index += 1
        case "|": kind = .or; index += 1
        case "&": kind = .and; index += 1
        case "@": kind = .ignoreCase; index += 1
        case "=": kind = .comparison(.equal); index += 1
        case "<":
            index += 1
            if peek == ">" {
                kind = .comparison(.notEqual); index += 1
            } else if peek == "=" {
                kind = .comparison(.lessOrEqual); index += 1
            } else {
                kind = .comparison(.less)
            }
        case ">":
            index += 1
            if peek == "=" {
                kind = .comparison(.greaterOrEqual); index += 1
            } else {
                kind = .comparison(.greater)
            }
        case "." where startsRange(at: index):
            kind = .range; index += 2
        default:
            kind = .value(try value(in: text))
        }
        return FilterLexeme(kind: kind, position: start + 1, text: String(characters[start..<index]))
    }

    private var peek: Character? { index < characters.count ? characters[index] : nil }

    private func startsRange(at position: Int) -> Bool {
        position + 1 < characters.count && characters[position] == "." && characters[position + 1] == "."
    }

    private func endsBareText(at position: Int) -> Bool {
        switch characters[position] {
        case "(", ")", "|", "&", "=", "<", ">": true
        case ".": startsRange(at: position)
        default: false
        }
    }

    private mutating func value(in text: String) throws(FilterParseError) -> [FilterSegment] {
        var segments: [FilterSegment] = []
        var bare = ""
        if characters[index] == "'" {
            segments.append(.quoted(try quoted(in: text)))
        }
        while index < characters.count {
            if characters[index] == "'" {
                bare.append("'")
                index += index + 1 < characters.count && characters[index + 1] == "'" ? 2 : 1
            } else if endsBareText(at: index) {
                break
            } else {
                bare.append(characters[index])
                index += 1
            }
        }
        while let last = bare.last, last.isWhitespace { bare.removeLast() }
        if !bare.isEmpty { segments.append(.bare(bare)) }
        return segments
    }

    private mutating func quoted(in text: String) throws(FilterParseError) -> String {
        let opening = index
        index += 1
        var content = ""
        while index < characters.count {
            if characters[index] == "'" {
                if index + 1 < characters.count, characters[index + 1] == "'" {
                    content.append("'")
                    index += 2
                } else {
                    index += 1
                    return content
                }
            } else {
                content.append(characters[index])
                index += 1
            }
        }
        throw FilterParseError(filter: text, position: opening + 1, message: "unterminated quote")
    }
}
