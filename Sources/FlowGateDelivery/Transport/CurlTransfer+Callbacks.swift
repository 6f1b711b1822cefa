import CCurl

// libcurl's callbacks: C function pointers, so they capture nothing and find their transfer
// through the user-data pointer set in `CurlTransfer.configure`. They run on the loop thread,
// inside `curl_multi_perform`.

/// CURLOPT_WRITEFUNCTION: keeps the body up to the cap and reads past it without failing,
/// so that the connection can be reused and a chatty receiver does not turn success into an error.
let curlWriteBody: curl_write_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.appendBody(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

/// CURLOPT_HEADERFUNCTION: called once per complete header line, status lines included.
let curlWriteHeader: curl_write_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

/// CURLOPT_OPENSOCKETFUNCTION: the SSRF guard. libcurl calls it with each resolved address it is
/// about to connect to, after DNS and before any packet leaves, so what is checked is exactly
/// what is used: a name that re-resolves to a private address (DNS rebinding) is caught too.
/// Returning CURL_SOCKET_BAD makes libcurl try the host's next address, or fail.
let curlOpenSocket: curl_opensocket_callback = { context, _, address in
    guard let context, let address else { return CURL_SOCKET_BAD }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let ip = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer -> IPAddress? in
        let length = Int(ccurl_sockaddr_ip(address, buffer.baseAddress))
        return IPAddress(bytes: buffer.prefix(length))
    }
    // Neither IPv4 nor IPv6 (a Unix socket, say): nothing the policy can vouch for.
    guard let ip else { return CURL_SOCKET_BAD }
    if let refusal = transfer.policy.refusal(for: ip) {
        transfer.refusals.append(refusal)
        return CURL_SOCKET_BAD
    }
    transfer.openedSockets += 1
    return ccurl_open_socket(address)
}

extension CurlTransfer {
    func appendBody(_ bytes: UnsafeRawBufferPointer) {
        let room = max(0, bodyLimit - responseBody.count)
        if bytes.count > room { bodyWasTruncated = true }
        if room > 0 { responseBody.append(contentsOf: bytes.prefix(room)) }
    }

    func appendHeaderLine(_ line: UnsafeRawBufferPointer) {
        // A status line opens a new response: headers of interim 1xx responses are dropped.
        if line.starts(with: "HTTP/".utf8) {
            responseHeaders.removeAll(keepingCapacity: true)
            headerBytes = 0
            return
        }
        guard headerBytes + line.count <= headerLimit, let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        headerBytes += line.count
        let name = Self.trimmed(line[..<colon])
        let value = Self.trimmed(line[(colon + 1)...])
        responseHeaders.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        let isSpace: (UInt8) -> Bool = { $0 == 32 || $0 == 9 || $0 == 13 || $0 == 10 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return bytes[bytes.startIndex..<bytes.startIndex]
        }
        return bytes[first...last]
    }
}
