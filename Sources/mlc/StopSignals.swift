import Foundation
import MLCCore

/// SIGINT and SIGTERM ask the run to stop cleanly (the batch in flight acknowledged, the token revoked, the
/// run recorded `interrupted`); a second one stops at once — the state store is consistent at any instant.
final class StopSignals {
    private var sources: [any DispatchSourceSignal] = []

    init(interruption: Interruption, log: EventLog) {
        for signal in [SIGINT, SIGTERM] {
            // A process started from a thread that blocks these (a test runner's pool thread) would never see them.
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, signal)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler {
                guard interruption.raise(signal) else { exit(128 + signal) }
                log.warning(
                    "run.interrupting",
                    [
                        ("signal", interruption.name),
                        ("detail", "finishing the batch in flight, then stopping; send it again to stop at once"),
                    ])
            }
            source.resume()
            sources.append(source)
        }
    }

    /// After the run the signals stop the process again, as for any program (closing a sink must not hang
    /// unstoppably).
    func cancel() {
        for source in sources { source.cancel() }
        Foundation.signal(SIGINT, SIG_DFL)
        Foundation.signal(SIGTERM, SIG_DFL)
    }
}
