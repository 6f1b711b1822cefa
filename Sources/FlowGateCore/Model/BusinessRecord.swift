import Foundation

/// A business record that workflows act on: a customer, vendor, item, document or journal row.
public struct BusinessRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var companyId: UUID
    public var entitySet: EntitySet
    public var number: String
    public var status: RecordStatus
    /// The entity's own fields, kept as given.
    public var fields: [String: JSONValue]
    public var documentType: DocumentType?
    public var amount: Decimal?
    /// Blank means the company's local currency.
    public var currencyCode: String?
    /// Units of the document currency per unit of local currency; 1 when blank.
    public var currencyFactor: Decimal?
    public var salespersonPurchaserCode: String?
    public var lines: [DocumentLine]?
    /// Set by a workflow's RESTRICTRECORDUSAGE: changes are refused until usage is allowed again.
    public var restricted: Bool
    public var version: Int
    public var createdAt: Date
    public var modifiedAt: Date

    public init(
        id: UUID = UUID(), companyId: UUID, entitySet: EntitySet, number: String, status: RecordStatus = .open,
        fields: [String: JSONValue] = [:], documentType: DocumentType? = nil, amount: Decimal? = nil,
        currencyCode: String? = nil, currencyFactor: Decimal? = nil, salespersonPurchaserCode: String? = nil,
        lines: [DocumentLine]? = nil, restricted: Bool = false, version: Int = 1, createdAt: Date, modifiedAt: Date? = nil
    ) {
        self.id = id
        self.companyId = companyId
        self.entitySet = entitySet
        self.number = number
        self.status = status
        self.fields = fields
        self.documentType = documentType
        self.amount = amount
        self.currencyCode = currencyCode
        self.currencyFactor = currencyFactor
        self.salespersonPurchaserCode = salespersonPurchaserCode
        self.lines = lines
        self.restricted = restricted
        self.version = version
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt ?? createdAt
    }

    /// The amount in local currency, the figure approval limits are compared with.
    public var amountLCY: Decimal? {
        guard let amount else { return nil }
        // A factor means something only for a foreign currency; blank currency is local currency.
        guard currencyCode != nil, let factor = currencyFactor, factor != 0, factor != 1 else { return amount }
        var exact = amount / factor
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 2, .plain)
        return rounded
    }
}

/// One line of a sales or purchase document.
public struct DocumentLine: Sendable, Equatable, Codable {
    public var lineNo: Int
    /// Item, G/L Account, Resource, ... as the application names it.
    public var type: String?
    public var number: String?
    public var description: String?
    public var quantity: Decimal
    public var unitPrice: Decimal
    /// Quantity × unit price unless given.
    public var amount: Decimal
    public var fields: [String: JSONValue]

    public init(
        lineNo: Int, type: String? = nil, number: String? = nil, description: String? = nil,
        quantity: Decimal = 0, unitPrice: Decimal = 0, amount: Decimal? = nil, fields: [String: JSONValue] = [:]
    ) {
        self.lineNo = lineNo
        self.type = type
        self.number = number
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.amount = amount ?? quantity * unitPrice
        self.fields = fields
    }
}
