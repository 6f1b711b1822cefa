import FlowGateApp
import FlowGateCore
import FlowGateDelivery
import Foundation

/// Bodies of the automated, instant and scheduled flow endpoints.
extension Inputs {
    // MARK: Record-change subscriptions

    static func recordSubscription(_ object: [String: JSONValue], policy: NetworkPolicy) throws -> RecordSubscriptionRequest {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["notificationUrl", "resource", "clientState"], context: "a subscription")
        let url = notificationUrl(&reader, policy: policy, required: true)
        let resource = reader.string("resource").value
        if resource == nil { reader.add("resource", "is required") }
        let clientState = clientState(&reader).value
        try reader.problems.throwIfAny()
        guard let url, let resource else { throw FlowGateError.validation(field: "resource", "is required") }
        return RecordSubscriptionRequest(notificationUrl: url, resource: resource, clientState: clientState)
    }

    /// A renewal's body: Business Central's PATCH may also change the URL and the client state; the rest is
    /// read-only (echoed values are accepted).
    static func recordSubscriptionRenewal(_ object: [String: JSONValue], policy: NetworkPolicy) throws -> RecordSubscriptionRenewal {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(
            allowed: ["notificationUrl", "clientState", "subscriptionId", "resource", "expirationDateTime", "lastModifiedDateTime"],
            context: "a subscription renewal"
        )
        _ = (reader.string("subscriptionId"), reader.string("resource"), reader.string("expirationDateTime"), reader.string("lastModifiedDateTime"))
        reader.refuseNull("notificationUrl")
        let url = notificationUrl(&reader, policy: policy, required: false)
        let clientState = clientState(&reader)
        try reader.problems.throwIfAny()
        return RecordSubscriptionRenewal(notificationUrl: url, clientState: clientState)
    }

    private static func clientState(_ reader: inout JSONObjectReader) -> JSONObjectReader.Member<String> {
        let member = reader.string("clientState")
        // Counted in Unicode scalars: a grapheme count would let combining marks make one "character" megabytes long.
        if let state = member.value, state.unicodeScalars.count > RecordSubscription.maximumClientStateLength {
            reader.add(
                "clientState", "is \(state.unicodeScalars.count) characters long; at most \(RecordSubscription.maximumClientStateLength) are allowed"
            )
        }
        return member
    }

    /// An http(s) URL without credentials that the network policy allows when its host is an address literal.
    static func notificationUrl(_ reader: inout JSONObjectReader, policy: NetworkPolicy, required: Bool) -> String? {
        guard let url = reader.string("notificationUrl").value else {
            if required { reader.add("notificationUrl", "is required") }
            return nil
        }
        do {
            _ = try WebhookURL.parse(url, policy: policy)
        } catch {
            reader.add("notificationUrl", error.description)
            return nil
        }
        // The handshake appends ?validationToken=…, which a fragment would swallow.
        if url.contains("#") {
            reader.add("notificationUrl", "must not have a fragment ('#…')")
            return nil
        }
        return url
    }

    // MARK: Instant flows

    static let instantFlowKeys: Set<String> = ["name", "description", "target", "notificationUrl", "inputs", "enabled"]

    static func instantFlow(_ object: [String: JSONValue], policy: NetworkPolicy) throws -> InstantFlowDefinition {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: instantFlowKeys, context: "an instant flow")
        let name = flowName(&reader, required: true)
        let target = reader.enumeration("target", EntitySet.self).value
        if target == nil && !reader.has("target") { reader.add("target", "is required") }
        let url = notificationUrl(&reader, policy: policy, required: true)
        let inputs = flowInputs(&reader) ?? []
        let description = reader.string("description").value ?? ""
        let enabled = reader.bool("enabled").value ?? true
        try reader.problems.throwIfAny()
        guard let name, let target, let url else { throw FlowGateError.validation(field: "name", "is required") }
        return InstantFlowDefinition(name: name, description: description, target: target, notificationUrl: url, inputs: inputs, enabled: enabled)
    }

    static func instantFlowChange(_ object: [String: JSONValue], policy: NetworkPolicy) throws -> InstantFlowChange {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: instantFlowKeys, context: "an instant flow")
        if reader.has("target") { reader.add("target", "cannot be changed; create another flow for another entity set") }
        reader.refuseNull("name", "description", "notificationUrl", "inputs", "enabled")
        let change = InstantFlowChange(
            name: flowName(&reader, required: false), description: reader.string("description").value,
            notificationUrl: notificationUrl(&reader, policy: policy, required: false), inputs: flowInputs(&reader), enabled: reader.bool("enabled").value
        )
        try reader.problems.throwIfAny()
        return change
    }

    private static func flowName(_ reader: inout JSONObjectReader, required: Bool) -> String? {
        guard let name = reader.string("name").value?.trimmingCharacters(in: .whitespaces) else {
            if required { reader.add("name", "is required") }
            return nil
        }
        guard !name.isEmpty, name.count <= 100 else {
            reader.add("name", "must be 1 to 100 characters")
            return nil
        }
        return name
    }

    private static func flowInputs(_ reader: inout JSONObjectReader) -> [FlowInput]? {
        guard let items = reader.array("inputs").value else { return nil }
        var inputs: [FlowInput] = []
        for (index, item) in items.enumerated() {
            let field = reader.fieldName("inputs[\(index)]")
            guard case .object(let object) = item else {
                reader.problems.add(field, "must be an object, not \(item.typeName)")
                continue
            }
            var input = JSONObjectReader(object, path: field)
            input.rejectUnknown(allowed: ["name", "type", "required", "choices", "description"], context: "an input")
            let name = input.string("name").value
            if name == nil { input.add("name", "is required") }
            let type = input.enumeration("type", FlowInput.InputType.self).value
            if type == nil && !input.has("type") { input.add("type", "is required") }
            var choices: [String]?
            if let values = input.array("choices").value {
                choices = values.compactMap { if case .string(let text) = $0 { text } else { nil } }
                if choices?.count != values.count { input.add("choices", "must be strings") }
            }
            let required = input.bool("required").value ?? false
            let description = input.string("description").value
            input.problems.errors.forEach { reader.problems.add($0.field, $0.message) }
            if let name, let type {
                inputs.append(FlowInput(name: name, type: type, required: required, choices: choices, description: description))
            }
        }
        return inputs
    }

    /// The `inputs` of a run: an object, absent for none.
    static func runInputs(_ object: [String: JSONValue]) throws -> [String: JSONValue] {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["inputs"], context: "an instant flow run")
        let inputs = reader.object("inputs").value ?? [:]
        try reader.problems.throwIfAny()
        return inputs
    }

    // MARK: Scheduled flows

    static let scheduledFlowKeys: Set<String> = ["name", "notificationUrl", "recurrence", "payload", "enabled"]

    static func scheduledFlow(_ object: [String: JSONValue], policy: NetworkPolicy, now: Date) throws -> ScheduledFlowDefinition {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: scheduledFlowKeys, context: "a scheduled flow")
        let name = flowName(&reader, required: true)
        let url = notificationUrl(&reader, policy: policy, required: true)
        let recurrence = self.recurrence(&reader, now: now)
        if recurrence == nil && !reader.has("recurrence") { reader.add("recurrence", "is required") }
        let payload = reader.object("payload").value.map(JSONValue.object)
        checkPayloadSize(payload, &reader)
        let enabled = reader.bool("enabled").value ?? true
        try reader.problems.throwIfAny()
        guard let name, let url, let recurrence else { throw FlowGateError.validation(field: "recurrence", "is required") }
        return ScheduledFlowDefinition(name: name, notificationUrl: url, recurrence: recurrence, payload: payload, enabled: enabled)
    }

    static func scheduledFlowChange(_ object: [String: JSONValue], policy: NetworkPolicy, now: Date) throws -> ScheduledFlowChange {
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: scheduledFlowKeys, context: "a scheduled flow")
        reader.refuseNull("name", "notificationUrl", "recurrence", "enabled")  // a null payload clears it
        let payload: JSONObjectReader.Member<JSONValue> =
            switch reader.object("payload") {
            case .absent: .absent
            case .null: .null
            case .value(let object): .value(.object(object))
            }
        if case .value(let value) = payload { checkPayloadSize(value, &reader) }
        let change = ScheduledFlowChange(
            name: flowName(&reader, required: false), notificationUrl: notificationUrl(&reader, policy: policy, required: false),
            recurrence: recurrence(&reader, now: now), payload: payload, enabled: reader.bool("enabled").value
        )
        try reader.problems.throwIfAny()
        return change
    }

    /// A scheduled flow's payload is copied into every run's message: 64 KiB at most.
    static let maximumPayloadBytes = 64 * 1024

    private static func checkPayloadSize(_ payload: JSONValue?, _ reader: inout JSONObjectReader) {
        guard let payload, payload.jsonBytes.count > maximumPayloadBytes else { return }
        reader.add("payload", "is \(payload.jsonBytes.count) bytes of JSON; at most \(maximumPayloadBytes) are allowed")
    }

    /// A recurrence's shape and types; its rules (ranges, which options fit which frequency) are the core's.
    private static func recurrence(_ reader: inout JSONObjectReader, now: Date) -> Recurrence? {
        guard let object = reader.object("recurrence").value else { return nil }
        var inner = JSONObjectReader(object, path: reader.fieldName("recurrence"))
        inner.rejectUnknown(
            allowed: ["frequency", "interval", "startTime", "timeZone", "atHours", "atMinutes", "weekDays", "monthDays"], context: "a recurrence"
        )
        let frequency = inner.enumeration("frequency", Recurrence.Frequency.self).value
        if frequency == nil && !inner.has("frequency") { inner.add("frequency", "is required") }
        let interval = inner.int("interval").value ?? 1
        var startTime = now
        if let text = inner.string("startTime").value {
            if let parsed = Date(rfc3339: text) {
                startTime = parsed
            } else {
                inner.add("startTime", "'\(text)' is not an RFC 3339 date-time such as 2026-01-01T09:00:00Z")
            }
        }
        let timeZone = inner.string("timeZone").value ?? "UTC"
        let atHours = integers(&inner, "atHours")
        let atMinutes = integers(&inner, "atMinutes")
        var weekDays: [Recurrence.WeekDay]?
        if let values = inner.array("weekDays").value {
            weekDays = []
            for value in values {
                if case .string(let text) = value, let day = Recurrence.WeekDay(rawValue: text.lowercased()) {
                    weekDays?.append(day)
                } else {
                    inner.add("weekDays", "'\(value)' is not a day of the week (monday … sunday)")
                }
            }
        }
        let monthDays = integers(&inner, "monthDays")
        inner.problems.errors.forEach { reader.problems.add($0.field, $0.message) }
        guard let frequency else { return nil }
        return Recurrence(
            frequency: frequency, interval: interval, startTime: startTime, timeZone: timeZone, atHours: atHours, atMinutes: atMinutes,
            weekDays: weekDays, monthDays: monthDays
        )
    }

    private static func integers(_ reader: inout JSONObjectReader, _ key: String) -> [Int]? {
        guard let values = reader.array(key).value else { return nil }
        let numbers = values.compactMap { value -> Int? in if case .number(let n) = value { Int(n.description) } else { nil } }
        if numbers.count != values.count { reader.add(key, "must be whole numbers") }
        return numbers
    }
}
