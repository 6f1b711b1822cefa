/// The parsed shape of a Business Central filter: conditions joined by `|` and `&`.
///
/// Quoting is a lexical matter only, so it leaves no trace here: `'man'` and `man` are the
/// same literal, and `''` is the literal empty text (blank).
public indirect enum FilterNode: Sendable, Hashable {
    /// The empty filter: no filter is applied, every value matches (reference §1, D2).
    case anything
    /// `A|B|…`: at least two alternatives, any of which may match.
    case anyOf([FilterNode])
    /// `A&B&…`: at least two conditions, all of which must match.
    case allOf([FilterNode])
    /// `=v`, `<>v`, `<v`, `<=v`, `>v`, `>=v`, or a bare `v` (which means `=v`).
    case comparison(FilterComparison, FilterOperand, ignoringCase: Bool)
    /// `a..b`, `..b` or `a..`: inclusive at both ends; at least one bound is present.
    case range(from: FilterOperand?, to: FilterOperand?, ignoringCase: Bool)
}

/// The comparison operator of a single condition.
public enum FilterComparison: String, Sendable, Hashable, CaseIterable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// One value in a condition: literal text, a wildcard pattern, or a `%` token.
public enum FilterOperand: Sendable, Hashable {
    /// Text to interpret in the field's kind (number, date, code, …); `""` is blank.
    case literal(String)
    /// Text with at least one `*` or `?`; only used with `=` and `<>`.
    case pattern([FilterPatternPiece])
    /// A `%` token resolved at evaluation time from the ``FilterContext``.
    case token(FilterToken)
}

/// One piece of a wildcard pattern.
public enum FilterPatternPiece: Sendable, Hashable {
    case text(String)
    /// `*`: any number of characters, including none.
    case anyCharacters
    /// `?`: exactly one character.
    case oneCharacter
}

/// The `%` tokens FlowGate resolves (reference §1 and §3, C1).
///
/// `%mycustomers`, `%myitems`, `%myvendors` and `%company` need data a filter cannot see, so
/// they are refused at parse time rather than silently matching nothing. `%1`, `%2`… are
/// SetFilter placeholders; in stored filter text they stay literal, as in Business Central
/// (microsoft/AL#7283).
public enum FilterToken: String, Sendable, Hashable, CaseIterable {
    /// The current user's ID (`FilterContext.userId`).
    case me, user
    /// Single dates relative to `FilterContext.today` / `workDate`.
    case today, workdate, yesterday, tomorrow
    /// Whole periods around today: `-CW..CW`, `-CM..CM`, `-CQ..CQ`.
    case week, month, quarter
}
