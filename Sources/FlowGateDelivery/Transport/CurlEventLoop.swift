import CCurl
import Foundation

/// The loop run by the transport's one thread, which alone touches the multi handle, the easy
/// handles and the transfers. Each pass: take new requests and cancellations from the inbox,
/// let libcurl do whatever I/O is ready, answer finished transfers, then sleep in
/// `curl_multi_poll` until a socket is ready, a libcurl timer is due or a caller wakes it.
final class CurlEventLoop {
    private let inbox: CurlInbox
    private let multi: UnsafeMutableRawPointer
    private let configuration: CurlTransportConfiguration
    private var transfers: [UInt64: CurlTransfer] = [:]
    private var idleHandles: [CurlEasyHandle] = []
    // Swapped with the inbox's arrays each pass, so their storage is reused.
    private var submissions: [CurlSubmission] = []
    private var cancellations: [UInt64] = []

    /// The longest sleep without news; libcurl shortens it when one of its timers is due sooner.
    private static let pollTimeoutMilliseconds: Int32 = 1000

    init(inbox: CurlInbox, configuration: CurlTransportConfiguration) {
        self.inbox = inbox
        multi = inbox.multi.raw
        self.configuration = configuration
    }

    /// Runs until shutdown has begun and every accepted request is answered, then frees libcurl's
    /// handles and resumes whoever waits for the transport to close.
    func run() {
        while true {
            let draining = inbox.take(submissions: &submissions, cancellations: &cancellations)
            let nothingNew = submissions.isEmpty
            for submission in submissions { start(submission) }
            for id in cancellations { cancel(id) }
            submissions.removeAll(keepingCapacity: true)
            cancellations.removeAll(keepingCapacity: true)
            // After `take` saw draining, nothing more can arrive, so an empty loop is done.
            if draining && nothingNew && transfers.isEmpty { break }

            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            answerFinishedTransfers()
            if draining && transfers.isEmpty { continue }
            _ = curl_multi_poll(multi, nil, 0, Self.pollTimeoutMilliseconds, nil)
        }
        let waiters = inbox.close()
        idleHandles.removeAll()
        curl_multi_cleanup(multi)
        for waiter in waiters { waiter.resume() }
    }

    private func start(_ submission: CurlSubmission) {
        guard let handle = idleHandles.popLast() ?? CurlEasyHandle() else {
            submission.resume(.failure(TransportError(kind: .invalidRequest, message: "libcurl could not create a handle (out of memory?)")))
            return
        }
        let transfer = CurlTransfer(submission: submission, handle: handle, configuration: configuration)
        if let problem = transfer.configure(submission.request, userAgent: configuration.userAgent) {
            recycle(handle)
            submission.resume(.failure(TransportError(kind: .invalidRequest, message: problem)))
            return
        }
        let added = curl_multi_add_handle(multi, handle.raw)
        guard added == CURLM_OK else {
            recycle(handle)
            let message = "libcurl could not start the request: " + String(cString: curl_multi_strerror(added))
            submission.resume(.failure(TransportError(kind: .invalidRequest, message: message)))
            return
        }
        transfers[submission.id] = transfer
    }

    private func cancel(_ id: UInt64) {
        // Unknown ids are requests that finished before the cancellation arrived.
        guard let transfer = transfers[id] else { return }
        finish(transfer, with: transfer.cancelledResult())
    }

    private func answerFinishedTransfers() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            var context: UnsafeMutablePointer<CChar>?
            _ = ccurl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
            guard let context else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            finish(transfer, with: transfer.result(code: code))
        }
    }

    /// Detaches the transfer from libcurl before answering, so the handle is free for reuse
    /// and nothing of the transfer is referenced once its caller resumes.
    private func finish(_ transfer: CurlTransfer, with result: Result<OutboundResponse, TransportError>) {
        _ = curl_multi_remove_handle(multi, transfer.handle.raw)
        transfers[transfer.id] = nil
        recycle(transfer.handle)
        transfer.continuation.resume(returning: result)
    }

    private func recycle(_ handle: CurlEasyHandle) {
        guard idleHandles.count < configuration.maximumIdleHandles else { return }
        handle.reset()
        idleHandles.append(handle)
    }
}
