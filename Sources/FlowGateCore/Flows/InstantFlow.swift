import Foundation

/// An instant flow: shown in the Automate menu of every record of its target entity set, run by a person with
/// the inputs it declares (Business Central's "For a selected record" trigger).
public struct InstantFlow: OutboundFlow, Equatable {
    public static let kind = FlowKind.instantFlow

    public var id: UUID
    public var companyId: UUID
    public var name: String
    public var description: String
    public var target: EntitySet
    public var notificationUrl: String
    public var inputs: [FlowInput]
    public var enabled: Bool
    public var secret: String
    public var version: Int
    public var createdAt: Date
    public var modifiedAt: Date

    public init(
        id: UUID = UUID(), companyId: UUID, name: String, description: String, target: EntitySet, notificationUrl: String, inputs: [FlowInput],
        enabled: Bool, secret: String, createdAt: Date
    ) {
        self.id = id
        self.companyId = companyId
        self.name = name
        self.description = description
        self.target = target
        self.notificationUrl = notificationUrl
        self.inputs = inputs
        self.enabled = enabled
        self.secret = secret
        self.version = 1
        self.createdAt = createdAt
        self.modifiedAt = createdAt
    }

    public var isLive: Bool { enabled }
}

/// One input a person gives when running an instant flow.
public struct FlowInput: Sendable, Codable, Equatable {
    public enum InputType: String, Sendable, Codable, CaseIterable {
        case string, number, boolean, date, choice
    }

    public var name: String
    public var type: InputType
    public var required: Bool
    /// The allowed values of a `choice` input.
    public var choices: [String]?
    public var description: String?

    public init(name: String, type: InputType, required: Bool, choices: [String]? = nil, description: String? = nil) {
        self.name = name
        self.type = type
        self.required = required
        self.choices = choices
        self.description = description
    }
}
