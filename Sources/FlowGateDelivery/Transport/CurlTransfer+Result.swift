import CCurl

extension CurlTransfer {
    /// The caller's answer for a transfer libcurl reports done with `code`.
    func result(code: CURLcode) -> Result<OutboundResponse, TransportError> {
        let duration = elapsed()
        guard code == CURLE_OK else { return .failure(error(code: code, duration: duration)) }
        var status = 0
        _ = ccurl_easy_getinfo_long(handle.raw, CURLINFO_RESPONSE_CODE, &status)
        var ip: UnsafeMutablePointer<CChar>?
        _ = ccurl_easy_getinfo_pointer(handle.raw, CURLINFO_PRIMARY_IP, &ip)
        return .success(
            OutboundResponse(
                statusCode: status, headers: responseHeaders, body: responseBody, bodyWasTruncated: bodyWasTruncated,
                duration: duration, remoteAddress: ip.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            )
        )
    }

    /// The answer for a transfer stopped because its caller was cancelled.
    func cancelledResult() -> Result<OutboundResponse, TransportError> {
        .failure(TransportError(kind: .cancelled, message: TransportError.cancelled.message, duration: elapsed()))
    }

    /// libcurl's own clock for the transfer (it includes time spent waiting for a free connection).
    private func elapsed() -> Duration {
        var microseconds: curl_off_t = 0
        _ = ccurl_easy_getinfo_off_t(handle.raw, CURLINFO_TOTAL_TIME_T, &microseconds)
        return .microseconds(microseconds)
    }

    private func error(code: CURLcode, duration: Duration) -> TransportError {
        let detail = handle.errorMessage ?? String(cString: curl_easy_strerror(code))
        // Only when no allowed address was even tried is the guard the reason; otherwise the
        // allowed address's own failure is the news, and the refusals are mentioned after it.
        if let first = refusals.first, openedSockets == 0 {
            let others = refusals.dropFirst().map(\.address.description)
            let message = first.description + (others.isEmpty ? "" : "; also refused: " + others.joined(separator: ", "))
            return TransportError(kind: .refusedByNetworkPolicy, message: message, refusal: first, duration: duration, curlCode: Int(code.rawValue))
        }
        var message = detail
        if !refusals.isEmpty { message += " (refused by the network policy: \(refusals.map(\.address.description).joined(separator: ", ")))" }
        return TransportError(kind: Self.kind(of: code), message: message, duration: duration, curlCode: Int(code.rawValue))
    }

    private static func kind(of code: CURLcode) -> TransportError.Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_COULDNT_RESOLVE_HOST:
            return .hostNotFound
        case CURLE_COULDNT_CONNECT:
            return .connectionFailed
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT:
            return .invalidRequest
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_USE_SSL_FAILED:
            return .tlsFailed
        default:
            return .transferFailed
        }
    }
}
