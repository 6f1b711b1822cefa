import Foundation

/// Text, number and boolean helpers for filter evaluation.
enum FilterText {
    /// Matches `*` (any run, also empty) and `?` (exactly one character) against whole text.
    ///
    /// Iterative with one backtrack point per `*`, so it runs in O(pattern × text) at worst.
    static func matches(_ pieces: [FilterPatternPiece], _ text: String, fold: (String) -> String) -> Bool {
        enum Element: Equatable { case character(Character), one, any }
        var pattern: [Element] = []
        for piece in pieces {
            switch piece {
            case .text(let literal): pattern += fold(literal).map(Element.character)
            case .oneCharacter: pattern.append(.one)
            case .anyCharacters: pattern.append(.any)
            }
        }
        let subject = Array(fold(text))
        var p = 0, s = 0
        var star: Int?, starSubject = 0
        while s < subject.count {
            if p < pattern.count, pattern[p] == .one || pattern[p] == .character(subject[s]) {
                p += 1
                s += 1
            } else if p < pattern.count, pattern[p] == .any {
                star = p
                starSubject = s
                p += 1
            } else if let starIndex = star {
                p = starIndex + 1
                starSubject += 1
                s = starSubject
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == .any { p += 1 }
        return p == pattern.count
    }

    /// A number written the plain way: optional sign, digits, optional `.` fraction.
    ///
    /// Stricter than `Decimal(string:)`, which reads `12abc` as 12; region-specific separators
    /// (`1.000,50`) are not accepted (reference §4: the separator follows the region).
    static func decimal(_ raw: String) -> Decimal? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        var digits = text.unicodeScalars.drop(while: { $0 == "+" || $0 == "-" })
        guard text.unicodeScalars.count - digits.count <= 1 else { return nil }
        var seenDigit = false, seenPoint = false
        while let scalar = digits.first {
            if ("0"..."9").contains(scalar) {
                seenDigit = true
            } else if scalar == ".", !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            digits = digits.dropFirst()
        }
        guard seenDigit else { return nil }
        return Decimal(string: text.hasPrefix("+") ? String(text.dropFirst()) : text, locale: posix)
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// `Yes`/`No`, `true`/`false`, `1`/`0`, case-insensitively.
    static func boolean(_ raw: String) -> Bool? {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "true", "1": true
        case "no", "false", "0": false
        default: nil
        }
    }

    /// How Business Central formats a boolean (`FORMAT(true)`).
    static func caption(_ value: Bool) -> String { value ? "Yes" : "No" }
}

/// Text in filter order: case-insensitive first, then exact, so equality stays case-sensitive.
///
/// The docs only say text intervals are lexicographic (U1). A plain code-point order would put
/// every lower-case letter after `Z`, so `A..Z` would miss `mango`; Business Central sorts by
/// its SQL collation, which is dictionary-like. Folding first keeps `Bicycle..Car`, `A..Z` and
/// `10000..10042` behaving as the reference's cases expect.
struct CollatedText: Comparable {
    let text: String
    private let folded: String

    init(_ text: String) {
        self.text = text
        folded = text.lowercased()
    }

    static func < (lhs: CollatedText, rhs: CollatedText) -> Bool {
        lhs.folded != rhs.folded ? lhs.folded < rhs.folded : lhs.text < rhs.text
    }

    static func == (lhs: CollatedText, rhs: CollatedText) -> Bool { lhs.text == rhs.text }
}
