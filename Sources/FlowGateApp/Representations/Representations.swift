import FlowGateCore
import Foundation

/// How each resource looks on the wire. Every key is always present; absent values are `null`.
public protocol JSONRepresentable {
    var json: JSONValue { get }
}

extension JSONValue {
    public init(_ text: String?) { self = text.map { .string($0) } ?? .null }
    public init(_ number: Decimal?) { self = number.map { .number($0) } ?? .null }
    public init(_ number: Int) { self = .number(Decimal(number)) }
    public init(_ date: Date) { self = .string(date.formatted(.iso8601)) }
    public init(_ id: UUID) { self = .string(id.lowercasedString) }
}

extension Company: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "id": JSONValue(id), "name": .string(name), "displayName": .string(displayName),
            "localCurrencyCode": .string(localCurrencyCode), "createdAt": JSONValue(createdAt), "automationEnabled": .bool(automationEnabled),
        ])
    }
}

extension User: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "userName": .string(userName), "fullName": .string(fullName), "email": JSONValue(email),
            "state": .string(state.rawValue), "createdAt": JSONValue(createdAt),
        ])
    }
}

extension APIKey: JSONRepresentable {
    public var json: JSONValue { .object(jsonFields) }

    /// `companies` is null for a key that reaches every company.
    public var jsonFields: [String: JSONValue] {
        [
            "id": JSONValue(id), "userName": .string(userName), "role": .string(role.rawValue),
            "prefix": .string(prefix), "createdAt": JSONValue(createdAt),
            "companies": companies.map { .array($0.map { JSONValue($0) }) } ?? .null,
        ]
    }
}

extension SalespersonPurchaser: JSONRepresentable {
    public var json: JSONValue {
        .object(["code": .string(code), "name": .string(name), "email": JSONValue(email)])
    }
}

extension ApprovalUserSetup: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "userName": .string(userName), "approverId": JSONValue(approverId),
            "salespersonPurchaserCode": JSONValue(salespersonPurchaserCode),
            "salesAmountApprovalLimit": .number(salesAmountApprovalLimit), "unlimitedSalesApproval": .bool(unlimitedSalesApproval),
            "purchaseAmountApprovalLimit": .number(purchaseAmountApprovalLimit),
            "unlimitedPurchaseApproval": .bool(unlimitedPurchaseApproval),
            "requestAmountApprovalLimit": .number(requestAmountApprovalLimit),
            "unlimitedRequestApproval": .bool(unlimitedRequestApproval),
            "substitute": JSONValue(substitute), "email": JSONValue(email), "approvalAdministrator": .bool(approvalAdministrator),
        ])
    }
}

extension WorkflowUserGroup: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "code": .string(code), "description": .string(description),
            "members": .array(members.map { .object(["userName": .string($0.userName), "sequenceNo": JSONValue($0.sequenceNo)]) }),
        ])
    }
}

extension BusinessRecord: JSONRepresentable {
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": JSONValue(id), "number": .string(number), "status": .string(status.rawValue), "fields": .object(fields),
            "restricted": .bool(restricted), "createdAt": JSONValue(createdAt), "modifiedAt": JSONValue(modifiedAt),
        ]
        if entitySet.hasAmount {
            object["amount"] = JSONValue(amount)
            object["amountLCY"] = JSONValue(amountLCY)
            object["currencyCode"] = JSONValue(currencyCode)
            object["currencyFactor"] = JSONValue(currencyFactor)
        }
        if entitySet.isDocument {
            object["documentType"] = JSONValue(documentType?.rawValue)
            object["salespersonPurchaserCode"] = JSONValue(salespersonPurchaserCode)
            object["lines"] = .array((lines ?? []).map(\.json))
        }
        return .object(object)
    }
}

extension DocumentLine: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "lineNo": JSONValue(lineNo), "type": JSONValue(type), "number": JSONValue(number), "description": JSONValue(description),
            "quantity": .number(quantity), "unitPrice": .number(unitPrice), "amount": .number(amount), "fields": .object(fields),
        ])
    }
}
