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
    /// Which admission of the year ("第二次住院" → 2).
    public var admissionNumber: Int?
    /// Years without cover ("断缴了5年") and years paid back ("补缴了4年"), for waiting periods.
    public var lapseYears: Int?
    public var backPaidYears: Int?
    /// Whether the question is about the balance or the personal account (a personal question when signed in).
    public var asksBalance = false

    public init() {}

    /// Whether the question describes one person's case: it gives a figure to calculate with (an amount, a base,
    /// an age, years of lapse or back-pay) or pins the case down with at least two of tier, person type,
    /// institution level and admission number. Such a question is calculated from the packs first; a general
    /// question is answered by an article first.
    public var isSpecificCase: Bool {
        if amountFen != nil || baseFen != nil || age != nil || lapseYears != nil || backPaidYears != nil { return true }
        let conditions = [tier != nil, personType != nil, level != nil, admissionNumber != nil].filter { $0 }.count
        return conditions >= 2
    }
}

/// Reads `QuestionFacts` from a question: keyword lists per topic and small parsers for amounts and ages.
///
/// Keywords are matched on the normalised question, so full-width digits and letters count too. The lists
/// are deliberately short and general; a question they miss falls through to article search.
public enum QuestionRouter {
    static let topicWords: [(QuestionFacts.Topic, [String])] = [
        (
            .monthlyCredit,
            [
                "划入", "打入", "划拨", "返还", "注入", "入账", "计入", "打钱", "划账", "返多少", "每月到账",
                "每个月到账", "每月进", "每个月进",
            ]
        ),
        (.deductible, ["起付线", "起付标准", "起付", "门槛费"]),
        (.annualCap, ["限额", "封顶", "最高支付", "最多报", "最多能报", "一年能报", "一年可报", "一年最多", "年度最高"]),
        (.ratio, ["报销比例", "支付比例", "比例", "百分之", "几成", "报销多少", "报多少", "能报多少"]),
        (
            .waitingPeriod,
            [
                "等待期", "断缴", "断保", "补缴后", "多久能用", "多久可以用", "多久能报", "多久生效", "什么时候能用",
                "何时生效", "多久才能",
            ]
        ),
        (.contribution, ["缴费比例", "缴费基数", "缴多少", "交多少", "费率", "缴费标准", "每年交", "每月交", "交费标准"]),
    ]
    /// Words that, next to an amount, ask what a bill would cost ("花了1万元能报多少"); "自付段1500元" is not one.
    static let estimateWords = [
        "报销", "报多少", "能报", "可以报", "报了", "花了", "花费", "结算多少", "能结算", "统筹支付",
        "个人负担多少", "自付多少", "自己付多少", "自己出多少",
    ]
    static let balanceWords = ["余额", "一条杠", "横杠", "个人账户", "账户", "显示0", "显示为0", "没钱", "划入", "到账"]

    public static func facts(_ question: String) -> QuestionFacts {
        let text = ScalarText(question)
        let q = String(String.UnicodeScalarView(text.scalars.compactMap(Unicode.Scalar.init)))
        var f = QuestionFacts()
        f.personType = text.contains("退休") ? .retired : (text.contains("在职") || text.contains("上班") ? .inService : nil)
        f.tier = text.contains("一档") ? "1" : (text.contains("二档") ? "2" : (text.contains("三档") ? "3" : nil))
        if text.contains("居民") || text.contains("新农合") || text.contains("学生") || text.contains("儿童") {
            f.insuranceType = .residentsBasic
        } else if text.containsAny(["职工", "在职", "退休", "单位", "灵活就业"]) {
            f.insuranceType = .employeeBasic
        }
        f.level = level(in: text)
        if text.contains("住院") {
            f.medicalType = .generalInpatient
        } else if text.contains("门诊") || text.contains("看病") || text.contains("开药") || text.contains("拿药") {
            f.medicalType = .generalOutpatient
        }
        f.amountFen = AmountReader.amounts(in: q).first { !$0.isBase }?.fen
        f.baseFen = AmountReader.amounts(in: q).first { $0.isBase }?.fen
        f.age = AmountReader.age(in: q)
        f.admissionNumber = AmountReader.count(in: q, before: ["次住院", "次入院"], after: ["第"])
        f.lapseYears = AmountReader.count(in: q, before: ["年"], after: ["断缴了", "断缴", "断保了", "断保", "没交了", "没交", "中断了"])
        f.backPaidYears = AmountReader.count(in: q, before: ["年"], after: ["补缴了", "补缴", "补交了", "补交"])
        f.asksBalance = text.containsAny(balanceWords)
        if f.amountFen != nil && text.containsAny(estimateWords) { f.topics.append(.billEstimate) }
        for (topic, words) in topicWords where text.containsAny(words) {
            if topic == .monthlyCredit && !(text.contains("账户") || text.contains("医保卡") || text.contains("社保卡")) {
                continue
            }
            f.topics.append(topic)
        }
        if !f.topics.contains(.monthlyCredit), text.contains("个人账户") || text.contains("账户"),
            text.containsAny(["每月", "每个月", "一个月", "月", "每年", "一年"]), text.containsAny(["多少", "几"])
        {
            f.topics.append(.monthlyCredit)
        }
        return f
    }

    static func level(in text: ScalarText) -> InstitutionLevel? {
        if text.contains("三级") || text.contains("三甲") { return .level3 }
        if text.contains("二级") || text.contains("二甲") { return .level2 }
        if text.contains("一级") { return .level1 }
        if text.contains("社区") || text.contains("社康") || text.contains("基层") || text.contains("卫生院") {
            return .community
        }
        return nil
    }
}
