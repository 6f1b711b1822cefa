import Foundation
import Testing

@testable import FlowGateDelivery

@Suite("Standard Webhooks signing")
struct StandardWebhooksTests {
    /// The two vectors of the Standard Webhooks reference libraries.
    static let vectors: [(secret: String, id: String, timestamp: Int, body: String, signature: String)] = [
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, #"{"test": 2432232314}"#,
         "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
        ("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", 1_649_367_553,
         #"{"email":"test@example.com","username":"test_user"}"#, "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="),
    ]

    @Test("Signing reproduces the reference vectors", arguments: vectors.indices)
    func referenceVectors(index: Int) throws {
        let vector = Self.vectors[index]
        let secret = try WebhookSecret(vector.secret)
        #expect(StandardWebhooks.signature(id: vector.id, timestamp: vector.timestamp, body: Array(vector.body.utf8), secret: secret) == vector.signature)
    }

    @Test("Verification accepts the vector and rejects a changed signature, body, or stale timestamp")
    func verification() throws {
        let vector = Self.vectors[0]
        let secret = try WebhookSecret(vector.secret)
        let sent = Date(timeIntervalSince1970: TimeInterval(vector.timestamp))
        let body = Array(vector.body.utf8)
        func verify(signature: String = vector.signature, body: [UInt8] = body, now: Date = sent) throws {
            try StandardWebhooks.verify(
                id: vector.id, timestamp: String(vector.timestamp), signatureHeader: signature, body: body, secrets: [secret], now: now
            )
        }
        try verify()
        try verify(signature: "v2,junk v1,bm90IGl0 " + vector.signature)
        #expect(throws: WebhookSignatureError.noMatchingSignature) { try verify(signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=") }
        #expect(throws: WebhookSignatureError.noMatchingSignature) { try verify(body: Array(#"{"test": 2432232315}"#.utf8)) }
        #expect(throws: WebhookSignatureError.timestampOutsideTolerance) { try verify(now: sent.addingTimeInterval(301)) }
        #expect(throws: WebhookSignatureError.timestampOutsideTolerance) { try verify(now: sent.addingTimeInterval(-301)) }
        try verify(now: sent.addingTimeInterval(299))
        #expect(throws: WebhookSignatureError.missingHeader("webhook-signature")) {
            try StandardWebhooks.verify(id: "a", timestamp: "1", signatureHeader: nil, body: [], secrets: [secret], now: sent)
        }
        #expect(throws: WebhookSignatureError.invalidTimestamp) {
            try StandardWebhooks.verify(id: "a", timestamp: "soon", signatureHeader: "v1,x", body: [], secrets: [secret], now: sent)
        }
    }

    @Test("Secrets parse with or without prefix and padding; generated secrets are 24 bytes and round-trip")
    func secrets() throws {
        let full = try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        #expect(try WebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == full)
        #expect(full.bytes.count == 24)
        let unpadded = WebhookSecret(bytes: [1, 2, 3, 4])
        #expect(try WebhookSecret(String(unpadded.text.trimmingCharacters(in: ["="]))) == unpadded)
        let generated = WebhookSecret.generate()
        #expect(generated.bytes.count == 24)
        #expect(generated.text.hasPrefix("whsec_"))
        #expect(try WebhookSecret(generated.text) == generated)
        #expect(generated != WebhookSecret.generate())
        #expect(throws: WebhookSignatureError.invalidSecret) { try WebhookSecret("whsec_!!!") }
    }

    @Test("During rotation the header carries one signature per secret and either secret verifies")
    func rotation() throws {
        let old = WebhookSecret.generate()
        let new = WebhookSecret.generate()
        let body = Array(#"{"type":"approval.requested"}"#.utf8)
        let header = StandardWebhooks.signatureHeader(id: "msg_1", timestamp: 1_700_000_000, body: body, secrets: [new, old])
        #expect(header.split(separator: " ").count == 2)
        let now = Date(timeIntervalSince1970: 1_700_000_010)
        for secret in [old, new] {
            try StandardWebhooks.verify(id: "msg_1", timestamp: "1700000000", signatureHeader: header, body: body, secrets: [secret], now: now)
        }
        #expect(throws: WebhookSignatureError.noMatchingSignature) {
            try StandardWebhooks.verify(id: "msg_1", timestamp: "1700000000", signatureHeader: header, body: body, secrets: [.generate()], now: now)
        }
    }
}
