import Foundation

/// Ctrl-C (SIGINT) and SIGTERM as a request to stop, polled by long work so that it can save its
/// state and exit cleanly. The first signal sets the flag and restores the default action, so a
/// second one ends the process at once. The signals are unblocked as well: a process started with
/// them blocked (as some test runners and supervisors start children) would otherwise never see them.
enum InterruptSignal {
    /// Set by the signal handler; read between units of work.
    nonisolated(unsafe) private static var received: sig_atomic_t = 0

    static var requested: Bool { received != 0 }

    static func install() {
        received = 0
        var set = sigset_t()
        sigemptyset(&set)
        for number in [SIGINT, SIGTERM] {
            sigaddset(&set, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in
                InterruptSignal.received = 1
                signal(number, SIG_DFL)
            }
        }
    }
}
