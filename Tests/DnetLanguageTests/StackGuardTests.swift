import Glibc
import Testing
@testable import DnetLanguage

/// Runs `body` on a fresh thread whose stack is `stackSize` bytes.
func onThread(stackSize: Int, _ body: @escaping () -> Void) {
    final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, stackSize)
    var thread = pthread_t()
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    let created = pthread_create(&thread, &attributes, { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    precondition(created == 0)
    pthread_join(thread, nil)
    pthread_attr_destroy(&attributes)
}

struct StackGuardTests {
    @Test func exhaustingASmallStackIsAnErrorNotACrash() {
        var result = ""
        onThread(stackSize: 512 * 1024) {
            result = failure(of: "def down(n) { if n == 0 { return 0 }; return down(n - 1) + 1 }\necho ${down(999)}") ?? "finished"
        }
        #expect(result == "1:46: too deeply nested: out of stack space")
    }
}
