import YibaoCore

/// What a question asks and the figures it gives, read from its words.
public struct QuestionFacts: Sendable, Equatable {
    /// Calculations the packs can answer, in the order they are tried.
    public enum Topic: String, Sendable, CaseIterable {
        case billEstimate, monthlyCredit, deductible, annualCap, ratio, waitingPeriod, contribution
    }

    public var topics: [Topic] = []
    public var personType: PersonType?
    public var tier: String?
    public var insuranceType: InsuranceType?
    public var level: InstitutionLevel?
    public var medicalType: MedicalType?
    /// A bill amount ("花了1万元").
    public var amountFen: Fen?
    /// A contribution base or wage ("缴费基数8000", "工资1万").
    public var baseFen: Fen?
    public var age: Int?
    /// Whether the question is about the balance or the personal account (a personal question when signed in).
    public var asksBalance = false

    public init() {}
}

/// Reads `QuestionFacts` from a question: keyword lists per topic and small parsers for amounts and ages.
///
/// Keywords are matched on the normalised question, so full-width digits and letters count too. The lists
/// are deliberately short and general; a question they miss falls through to article search.
public enum QuestionRouter {
    static let topicWords: [(QuestionFacts.Topic, [String])] = [
        (.monthlyCredit, ["划入", "打入", "划拨", "返还", "注入", "入账", "打钱", "划账", "返多少", "每月到账", "每个月到账",
            "每月进", "每个月进"]),
        (.deductible, ["起付线", "起付标准", "起付", "门槛费"]),
        (.annualCap, ["限额", "封顶", "最高支付", "最多报", "最多能报", "一年能报", "一年可报", "一年最多", "年度最高"]),
        (.ratio, ["报销比例", "支付比例", "比例", "百分之", "几成", "报销多少", "报多少", "能报多少"]),
        (.waitingPeriod, ["等待期", "断缴", "断保", "补缴后", "多久能用", "多久可以用", "多久能报", "多久生效", "什么时候能用",
            "何时生效", "多久才能"]),
        (.contribution, ["缴费比例", "缴费基数", "缴多少", "交多少", "费率", "缴费标准", "每年交", "每月交", "交费标准"]),
    ]
    static let estimateWords = ["报销", "报多少", "能报", "可以报", "报了", "花了", "花费", "自付", "自己付", "自己出",
        "个人负担", "个人承担", "结算", "统筹支付", "费用"]
    static let balanceWords = ["余额", "一条杠", "横杠", "个人账户", "账户", "显示0", "显示为0", "没钱", "划入", "到账"]

    public static func facts(_ question: String) -> QuestionFacts {
        let q = Analyzer.normalized(question).replacingOccurrences(of: " ", with: "")
        var f = QuestionFacts()
        f.personType = q.contains("退休") ? .retired : (q.contains("在职") || q.contains("上班") ? .inService : nil)
        f.tier = q.contains("一档") ? "1" : (q.contains("二档") ? "2" : (q.contains("三档") ? "3" : nil))
        if q.contains("居民") || q.contains("新农合") || q.contains("学生") || q.contains("儿童") {
            f.insuranceType = .residentsBasic
        } else if q.contains("职工") || q.contains("在职") || q.contains("退休") || q.contains("单位") || q.contains("灵活就业") {
            f.insuranceType = .employeeBasic
        }
        f.level = level(in: q)
        if q.contains("住院") {
            f.medicalType = .generalInpatient
        } else if q.contains("门诊") || q.contains("看病") || q.contains("开药") || q.contains("拿药") {
            f.medicalType = .generalOutpatient
        }
        f.amountFen = AmountReader.amounts(in: q).first { !$0.isBase }?.fen
        f.baseFen = AmountReader.amounts(in: q).first { $0.isBase }?.fen
        f.age = AmountReader.age(in: q)
        f.asksBalance = balanceWords.contains { q.contains($0) }
        if f.amountFen != nil && estimateWords.contains(where: { q.contains($0) }) { f.topics.append(.billEstimate) }
        for (topic, words) in topicWords where words.contains(where: { q.contains($0) }) {
            if topic == .monthlyCredit && !(q.contains("账户") || q.contains("医保卡") || q.contains("社保卡")) { continue }
            f.topics.append(topic)
        }
        if !f.topics.contains(.monthlyCredit), q.contains("个人账户") || q.contains("账户"),
            ["每月", "每个月", "一个月", "月"].contains(where: { q.contains($0) }), ["多少", "几"].contains(where: { q.contains($0) })
        {
            f.topics.append(.monthlyCredit)
        }
        return f
    }

    static func level(in q: String) -> InstitutionLevel? {
        if q.contains("三级") || q.contains("三甲") { return .level3 }
        if q.contains("二级") || q.contains("二甲") { return .level2 }
        if q.contains("一级") { return .level1 }
        if q.contains("社区") || q.contains("社康") || q.contains("基层") || q.contains("卫生院") { return .community }
        return nil
    }
}
