import CCurl

/// One request in flight on the loop thread: the easy handle it runs on, the caller's
/// continuation, and what the callbacks collect. Lives only on the loop thread; libcurl's
/// callbacks reach it through an unretained pointer, kept valid by the loop's table of transfers.
final class CurlTransfer {
    let id: UInt64
    let handle: CurlEasyHandle
    let continuation: CheckedContinuation<Result<OutboundResponse, TransportError>, Never>
    let policy: NetworkPolicy
    let bodyLimit: Int
    let headerLimit: Int

    var responseBody: [UInt8] = []
    var bodyWasTruncated = false
    var responseHeaders: [(name: String, value: String)] = []
    var headerBytes = 0
    /// Addresses the policy refused, and how many sockets were opened to allowed ones: together they
    /// tell "refused by the guard" from "an allowed address did not answer".
    var refusals: [AddressRefusal] = []
    var openedSockets = 0
    private var headerList: UnsafeMutablePointer<curl_slist>?

    init(submission: CurlSubmission, handle: CurlEasyHandle, configuration: CurlTransportConfiguration) {
        id = submission.id
        continuation = submission.continuation
        self.handle = handle
        policy = configuration.networkPolicy
        bodyLimit = configuration.maximumResponseBodyBytes
        headerLimit = configuration.maximumResponseHeaderBytes
    }

    deinit {
        curl_slist_free_all(headerList)
    }

    /// Sets every option of the handle for `request`; a message when the request cannot be sent as given.
    func configure(_ request: OutboundRequest, userAgent: String) -> String? {
        let easy = handle.raw
        let context = Unmanaged.passUnretained(self).toOpaque()
        var failed: CURLcode = CURLE_OK
        func check(_ code: CURLcode) { if failed == CURLE_OK && code != CURLE_OK { failed = code } }

        guard request.method.utf8.allSatisfy(Self.isTokenCharacter), !request.method.isEmpty else {
            return "'\(request.method)' is not an HTTP method"
        }
        check(ccurl_easy_setopt_string(easy, CURLOPT_URL, request.url))
        check(ccurl_restrict_to_http(easy))
        check(ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        check(ccurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        // An empty proxy disables the http_proxy/https_proxy environment variables: through a proxy,
        // the address checked would be the proxy's and the proxy would resolve the receiver's name.
        check(ccurl_easy_setopt_string(easy, CURLOPT_PROXY, ""))
        check(ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)))
        check(ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout)))
        check(ccurl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))
        check(ccurl_easy_setopt_string(easy, CURLOPT_USERAGENT, userAgent))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, handle.errorBuffer))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, context))
        check(ccurl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteBody))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        check(ccurl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
        check(ccurl_easy_setopt_opensocket_callback(easy, curlOpenSocket))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, context))

        // The size first: COPYPOSTFIELDS copies exactly that many bytes (the body may contain NULs).
        check(ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
        if request.body.isEmpty {
            check(ccurl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, ""))
        } else {
            request.body.withUnsafeBytes { bytes in
                check(ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress)))
            }
        }
        if request.method != "POST" { check(ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)) }

        for header in request.headers {
            // A CR or LF would let a value smuggle in further headers.
            guard !header.name.isEmpty, !(header.name + header.value).utf8.contains(where: { $0 == 13 || $0 == 10 }) else {
                return "the header '\(header.name)' has an empty name or contains a line break"
            }
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        // Without this libcurl asks "Expect: 100-continue" for larger bodies and waits a round trip.
        headerList = curl_slist_append(headerList, "Expect:")
        check(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))

        guard failed == CURLE_OK else { return "libcurl rejected an option: " + String(cString: curl_easy_strerror(failed)) }
        return nil
    }

    /// libcurl treats 0 as "no timeout", so anything shorter than a millisecond becomes 1 ms.
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let total = seconds.multipliedReportingOverflow(by: 1000)
        guard !total.overflow else { return Int.max }
        return max(1, Int(total.partialValue + attoseconds / 1_000_000_000_000_000))
    }

    /// RFC 9110 `tchar`: the characters allowed in a method name.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
