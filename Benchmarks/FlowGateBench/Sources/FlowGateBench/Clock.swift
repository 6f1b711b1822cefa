#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanoseconds on the monotonic clock: what the sender and the receiver (same process) both stamp with.
@inline(__always)
func monotonicNanos() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Sleeps until the monotonic clock reaches `deadline` (returns at once when it has).
func sleep(untilNanos deadline: UInt64) async {
    let now = monotonicNanos()
    if deadline > now { try? await Task.sleep(nanoseconds: deadline - now) }
}
