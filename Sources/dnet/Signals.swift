import Glibc
import DnetCommandKit

/// The flag that Ctrl-C sets; read by the interpreter, loops, sleep and process waits.
nonisolated(unsafe) private var interruptFlag: UnsafeMutablePointer<sig_atomic_t>?

enum Signals {
    /// Routes SIGINT into `interruption` (without SA_RESTART, so blocking waits wake up),
    /// and ignores SIGPIPE so that a closed output pipe is an error, not a crash.
    static func install(_ interruption: Interruption) {
        interruptFlag = interruption.rawFlag
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in interruptFlag?.pointee = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        signal(SIGPIPE, SIG_IGN)
        // A parent may have left SIGINT blocked (the mask survives exec): unblock it.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigprocmask(SIG_UNBLOCK, &mask, nil)
    }
}
