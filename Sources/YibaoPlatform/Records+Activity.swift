import YibaoCore

/// Kind of contribution posting.
public enum ContributionKind: String, Sendable, Codable {
    /// 按月缴费 (employees)
    case monthly
    /// 补缴 of a missed month, paid later
    case backPay = "back_pay"
    /// 居民医保年度缴费 (month = the scheme year's first month, "YYYY-01")
    case residentsAnnual = "residents_annual"
}

/// A paid contribution for one insurance row and month (unique per row and month).
public struct ContributionRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var insuranceId: Int64
    /// "YYYY-MM"
    public var month: String
    public var kind: ContributionKind
    public var baseFen: Fen
    public var employerFen: Fen
    public var employeeFen: Fen
    public var paidOn: CalendarDate
    public var transferId: Int64?

    public init(id: Int64? = nil, insuranceId: Int64, month: String, kind: ContributionKind, baseFen: Fen, employerFen: Fen,
        employeeFen: Fen, paidOn: CalendarDate, transferId: Int64?)
    {
        self.id = id
        self.insuranceId = insuranceId
        self.month = month
        self.kind = kind
        self.baseFen = baseFen
        self.employerFen = employerFen
        self.employeeFen = employeeFen
        self.paidOn = paidOn
        self.transferId = transferId
    }
}

/// A monthly credit (划入) of a personal account, as derived from its transfer (`credit:ACCOUNT:MONTH`) and the
/// deduction transfer, if any; unique per account and month because the transfer key is.
public struct CreditRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var accountId: Int64
    public var month: String
    public var amountFen: Fen
    public var deductionFen: Fen
    public var transferId: Int64
    public var postedOn: CalendarDate

    public init(id: Int64? = nil, accountId: Int64, month: String, amountFen: Fen, deductionFen: Fen, transferId: Int64,
        postedOn: CalendarDate)
    {
        self.id = id
        self.accountId = accountId
        self.month = month
        self.amountFen = amountFen
        self.deductionFen = deductionFen
        self.transferId = transferId
        self.postedOn = postedOn
    }
}

/// One run of the monthly crediting batch for a region, recorded when it completes.
public struct CreditingRunRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var month: String
    public var region: String
    public var accountsCredited: Int
    public var totalFen: Fen
    public var finishedOn: CalendarDate

    public init(id: Int64? = nil, month: String, region: String, accountsCredited: Int, totalFen: Fen, finishedOn: CalendarDate) {
        self.id = id
        self.month = month
        self.region = region
        self.accountsCredited = accountsCredited
        self.totalFen = totalFen
        self.finishedOn = finishedOn
    }
}

/// A 家庭共济 authorisation by an account holder for a relative; revocation is a second, later record.
public struct FamilyGrantRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var holderPersonId: Int64
    public var relativePersonId: Int64
    public var relation: String
    public var grantedOn: CalendarDate
    public var revokedOn: CalendarDate?

    public init(id: Int64? = nil, holderPersonId: Int64, relativePersonId: Int64, relation: String, grantedOn: CalendarDate,
        revokedOn: CalendarDate? = nil)
    {
        self.id = id
        self.holderPersonId = holderPersonId
        self.relativePersonId = relativePersonId
        self.relation = relation
        self.grantedOn = grantedOn
        self.revokedOn = revokedOn
    }
}

/// A stored settlement or its reversal (a second row with negated figures, so sums give the net).
public struct SettlementRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    /// 结算 ID, unique; a reversal has its own ID and names the original in `reversesSetlId`.
    public var setlId: String
    public var personId: Int64
    public var insuranceId: Int64
    public var year: Int
    public var medicalType: MedicalType
    public var reversesSetlId: String?
    public var medfeeFen: Fen
    public var fundFen: Fen
    public var accountFen: Fen
    public var mutualAidFen: Fen
    public var cashFen: Fen
    /// The relative whose account paid `mutualAidFen`.
    public var mutualAidHolderId: Int64?
    /// Accumulator deltas (what this row adds to the year-to-date figures).
    public var ytdDelta: YearToDateDelta
    /// The bill and result as JSON (national field names), for queries (5203).
    public var billJSON: String
    public var resultJSON: String
    public var settledOn: CalendarDate

    public init(id: Int64? = nil, setlId: String, personId: Int64, insuranceId: Int64, year: Int, medicalType: MedicalType,
        reversesSetlId: String?, medfeeFen: Fen, fundFen: Fen, accountFen: Fen, mutualAidFen: Fen, cashFen: Fen,
        mutualAidHolderId: Int64?, ytdDelta: YearToDateDelta, billJSON: String, resultJSON: String, settledOn: CalendarDate)
    {
        self.id = id
        self.setlId = setlId
        self.personId = personId
        self.insuranceId = insuranceId
        self.year = year
        self.medicalType = medicalType
        self.reversesSetlId = reversesSetlId
        self.medfeeFen = medfeeFen
        self.fundFen = fundFen
        self.accountFen = accountFen
        self.mutualAidFen = mutualAidFen
        self.cashFen = cashFen
        self.mutualAidHolderId = mutualAidHolderId
        self.ytdDelta = ytdDelta
        self.billJSON = billJSON
        self.resultJSON = resultJSON
        self.settledOn = settledOn
    }
}

/// What one settlement adds to a person's year-to-date accumulators (negated for a reversal).
public struct YearToDateDelta: Sendable, Hashable, Codable {
    public var inScopeFen = Fen.zero
    public var pooledFen = Fen.zero
    public var largeSumFen = Fen.zero
    public var criticalIllnessFen = Fen.zero
    public var civilServantFen = Fen.zero
    public var deductibleFen = Fen.zero
    public var admissions = 0
    public var outpatientInScopeFen = Fen.zero
    public var outpatientPooledFen = Fen.zero
    public var outpatientDeductibleFen = Fen.zero

    public init() {}

    public var negated: YearToDateDelta {
        var d = YearToDateDelta()
        d.inScopeFen = Fen(-inScopeFen.value)
        d.pooledFen = Fen(-pooledFen.value)
        d.largeSumFen = Fen(-largeSumFen.value)
        d.criticalIllnessFen = Fen(-criticalIllnessFen.value)
        d.civilServantFen = Fen(-civilServantFen.value)
        d.deductibleFen = Fen(-deductibleFen.value)
        d.admissions = -admissions
        d.outpatientInScopeFen = Fen(-outpatientInScopeFen.value)
        d.outpatientPooledFen = Fen(-outpatientPooledFen.value)
        d.outpatientDeductibleFen = Fen(-outpatientDeductibleFen.value)
        return d
    }

    public static func + (a: YearToDateDelta, b: YearToDateDelta) -> YearToDateDelta {
        var d = YearToDateDelta()
        d.inScopeFen = a.inScopeFen + b.inScopeFen
        d.pooledFen = a.pooledFen + b.pooledFen
        d.largeSumFen = a.largeSumFen + b.largeSumFen
        d.criticalIllnessFen = a.criticalIllnessFen + b.criticalIllnessFen
        d.civilServantFen = a.civilServantFen + b.civilServantFen
        d.deductibleFen = a.deductibleFen + b.deductibleFen
        d.admissions = a.admissions + b.admissions
        d.outpatientInScopeFen = a.outpatientInScopeFen + b.outpatientInScopeFen
        d.outpatientPooledFen = a.outpatientPooledFen + b.outpatientPooledFen
        d.outpatientDeductibleFen = a.outpatientDeductibleFen + b.outpatientDeductibleFen
        return d
    }
}

/// A stored result of a mutating use case, keyed by the client's idempotency key.
public struct IdempotencyRecord: Sendable, Hashable, Codable {
    public var key: String
    /// Which use case the key was used for, e.g. `settle`.
    public var operation: String
    /// The canonical request (sorted-key JSON), compared exactly to refuse the same key with a different request.
    public var requestJSON: String
    public var resultJSON: String

    public init(key: String, operation: String, requestJSON: String, resultJSON: String) {
        self.key = key
        self.operation = operation
        self.requestJSON = requestJSON
        self.resultJSON = resultJSON
    }
}
