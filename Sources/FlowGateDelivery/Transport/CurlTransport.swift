import CCurl
import Foundation

/// The production `HTTPTransport`: libcurl's multi interface driven by one dedicated thread.
///
/// Callers suspend on a continuation and never block a Swift concurrency thread; the loop thread
/// resumes each one when its transfer ends. Connections are kept in libcurl's cache and reused;
/// easy handles are pooled. Every connection goes through the network policy's SSRF guard.
/// Call `shutdown()` before dropping the transport so in-flight requests are finished, not lost.
public final class CurlTransport: HTTPTransport {
    public let configuration: CurlTransportConfiguration
    private let inbox: CurlInbox

    public init(configuration: CurlTransportConfiguration = CurlTransportConfiguration()) {
        CurlGlobal.initializeOnce()
        guard let multi = curl_multi_init() else { preconditionFailure("curl_multi_init failed: out of memory") }
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maximumCachedConnections)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maximumConnectionsPerHost)
        self.configuration = configuration
        let inbox = CurlInbox(multi: CurlMultiAddress(raw: multi))
        self.inbox = inbox
        let thread = Thread {
            // Named from inside: a name set before start() does not reach the system thread here.
            Thread.current.name = "flowgate-curl"
            CurlEventLoop(inbox: inbox, configuration: configuration).run()
        }
        thread.start()
    }

    deinit {
        // Without a shutdown the loop would wait for requests forever; let it finish and exit.
        inbox.beginShutdown()
    }

    /// Sends `request` and suspends until the answer, a failure or cancellation of the calling task.
    public func send(_ request: OutboundRequest) async throws(TransportError) -> OutboundResponse {
        let id = inbox.nextID()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                inbox.submit(CurlSubmission(id: id, request: request, continuation: continuation))
            }
        } onCancel: {
            inbox.cancel(id: id)
        }
        return try result.get()
    }

    /// Stops accepting requests (later ones fail with `.shutDown`), lets those already accepted
    /// finish, then frees libcurl's handles; returns when the loop thread has done all of that.
    public func shutdown() async {
        inbox.beginShutdown()
        await inbox.waitUntilClosed()
    }
}

/// `curl_global_init` must run once per process before any other libcurl call, and is not
/// thread-safe itself; a `static let` gives exactly-once, thread-safe initialisation.
enum CurlGlobal {
    private static let result: CURLcode = curl_global_init(ccurl_global_default_flags())

    static func initializeOnce() {
        precondition(result == CURLE_OK, "curl_global_init failed: \(String(cString: curl_easy_strerror(result)))")
    }
}
