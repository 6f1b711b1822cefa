import CCurl

/// One libcurl easy handle with its error buffer, pooled by the loop thread and used only there.
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER` target: libcurl writes a detailed message here on failure
    /// ("Failed to connect to host port 80 after 3 ms: Connection refused").
    let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    /// The message libcurl left in the error buffer, if any.
    var errorMessage: String? {
        errorBuffer.pointee == 0 ? nil : String(cString: errorBuffer)
    }

    /// Clears every option (and so every pointer into a finished transfer) while keeping the
    /// handle's DNS cache and buffers; live connections stay in the multi handle's cache.
    func reset() {
        curl_easy_reset(raw)
        errorBuffer.pointee = 0
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }
}
