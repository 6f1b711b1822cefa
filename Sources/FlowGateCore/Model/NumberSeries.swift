import Foundation

/// Business Central's No. Series for records created without a number: the series' prefix and the next
/// number after the last one given, such as S-ORD00001, skipping numbers already taken by hand.
public enum NumberSeries {
    /// The next free number after `lastNo` in `prefix`'s series, and the new last number to remember.
    public static func next(prefix: String, after lastNo: Int, isTaken: (String) throws -> Bool) rethrows -> (number: String, lastNo: Int) {
        var last = lastNo
        var candidate: String
        repeat {
            last += 1
            candidate = prefix + String(format: "%05d", last)
        } while try isTaken(candidate)
        return (candidate, last)
    }
}
