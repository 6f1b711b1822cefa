extension FilterNode {
    /// Filter text that parses back to this node: `=` omitted, no spaces, nested groups in
    /// parentheses, values quoted only when they would otherwise read differently.
    ///
    /// Stored filters keep the user's own text (``FilterExpression/source``); this form is for
    /// building filters in code and for checking the parser against generated trees.
    var canonicalText: String {
        switch self {
        case .anything:
            return ""
        case .anyOf(let items):
            return items.map(\.groupedText).joined(separator: "|")
        case .allOf(let items):
            return items.map(\.groupedText).joined(separator: "&")
        case .comparison(let comparison, let operand, let ignoringCase):
            let symbol = comparison == .equal ? "" : comparison.rawValue
            return (ignoringCase ? "@" : "") + symbol + operand.canonicalText
        case .range(let from, let to, let ignoringCase):
            return (ignoringCase ? "@" : "") + (from?.canonicalText ?? "") + ".." + (to?.canonicalText ?? "")
        }
    }

    private var groupedText: String {
        switch self {
        case .anyOf, .allOf: "(" + canonicalText + ")"
        case .anything, .comparison, .range: canonicalText
        }
    }
}

extension FilterOperand {
    var canonicalText: String {
        switch self {
        case .literal(let text):
            return Self.quotedIfNeeded(text)
        case .token(let token):
            return "%" + token.rawValue
        case .pattern(let pieces):
            // Only a value's start can open a quote, so a pattern is quoted whole or not at all;
            // wildcards stay wildcards inside quotes.
            let texts = pieces.compactMap { if case .text(let text) = $0 { text } else { nil } }
            let quote = texts.contains { Self.quotedIfNeeded($0) != $0 }
            let body = pieces.map { piece in
                switch piece {
                case .text(let text): quote ? Self.escaped(text) : text
                case .anyCharacters: "*"
                case .oneCharacter: "?"
                }
            }.joined()
            return quote ? "'" + body + "'" : body
        }
    }

    /// Bare when the lexer would read the text back unchanged; otherwise `'…'` with `''` for `'`.
    /// (`*` and `?` are wildcards even inside quotes, so literals never contain them.)
    private static func quotedIfNeeded(_ text: String) -> String {
        let special: Set<Character> = ["'", "(", ")", "|", "&", "=", "<", ">", "@", "%"]
        let bare = !text.isEmpty && !text.contains("..")
            && !text.contains(where: special.contains)
            && !(text.first!.isWhitespace || text.last!.isWhitespace)
            && text.first != "." && text.last != "."
        return bare ? text : "'" + escaped(text) + "'"
    }

    private static func escaped(_ text: String) -> String {
        text.map { $0 == "'" ? "''" : String($0) }.joined()
    }
}
