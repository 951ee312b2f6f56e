import Glibc

/// Keeps deep recursion in dnet code (nested calls, `$(…)`, `source`) from overflowing the real
/// stack: past the limit, dnet reports an error instead of crashing.
enum StackGuard {
    /// Room kept free below the deepest allowed point, for one function body's own evaluation.
    static let margin = 256 * 1024

    /// The lowest stack address the current thread may use before refusing to go deeper (0 if unknown).
    /// Slow on the main thread (glibc reads /proc/self/maps): callers keep the answer.
    static func limitForCurrentThread() -> UInt {
        var attributes = pthread_attr_t()
        guard threadAttributes(pthread_self(), &attributes) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base else { return 0 }
        return UInt(bitPattern: base) + UInt(min(margin, size / 4))
    }

    // Glibc's Swift module is built without _GNU_SOURCE, which hides this declaration.
    @_silgen_name("pthread_getattr_np")
    private static func threadAttributes(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32

    @inline(never)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
