import Foundation
import Hummingbird
import YibaoCore
import YibaoPlatform
import YibaoSettlement

/// The bill estimator: a visit described in a few fields, settled in memory by `Platform.estimate` (the same
/// use case as the API's `POST /me/estimate`, which writes nothing), shown with the engine's numbered
/// explanation. A GET form, since it changes nothing: it works without JavaScript and can be bookmarked.
extension Pages {
    struct EstimateModel {
        struct Option {
            let value: String
            let label: String
            let selected: Bool
        }
        struct Figure {
            let label: String
            let amount: String
            let style: String
        }
        struct Result {
            let figures: [Figure]
            let steps: [String]
        }

        let medTypes: [Option]
        let levels: [Option]
        let date: String
        let classA: String
        let classB: String
        let classBShare: String
        let classC: String
        let useAccount: Bool
        let error: String?
        let result: Result?
    }

    /// The visit types and institution levels the form offers (national codes).
    static var estimateMedicalTypes: [MedicalType] { [.generalOutpatient, .chronicOutpatient, .generalInpatient, .pharmacy] }
    static var estimateLevels: [InstitutionLevel] { [.community, .level1, .level2, .level3] }

    func estimatePage(_ request: Request) throws -> Response {
        guard let me = try gate.person(request) else { return signInRedirect(request) }
        let q = request.uri.queryParameters
        func field(_ name: String) -> String {
            String((q.get(name) ?? "").trimmingCharacters(in: .whitespaces).prefix(Pages.estimateFieldCharactersMax))
        }
        let run = q.get("run") != nil
        let medType = field("med_type").isEmpty ? MedicalType.generalOutpatient.rawValue : field("med_type")
        let level = field("medins_lv").isEmpty ? InstitutionLevel.level2.rawValue : field("medins_lv")
        let date = field("setl_date").isEmpty ? try platform.today().description : field("setl_date")
        let classA = run ? field("class_a") : "300.00"
        let (classB, share, classC) = (field("class_b"), field("class_b_share"), field("class_c"))
        let useAccount = run ? field("use_account") == "1" : true
        var result: EstimateModel.Result?
        var error: String?
        var status = HTTPResponse.Status.ok
        if run {
            do {
                let bill = try Pages.bill(medType: medType, level: level, date: date, useAccount: useAccount, classA: classA,
                    classB: classB, classBShare: share, classC: classC)
                result = Pages.estimateResult(try platform.estimate(person: me.psnNo, bill: bill).output)
            } catch let refusal as any YibaoError {
                (error, status) = (refusal.message, ErrorMapping.status(of: refusal))
            }
        }
        let model = EstimateModel(
            medTypes: Pages.estimateMedicalTypes.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == medType) },
            levels: Pages.estimateLevels.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == level) },
            date: date, classA: classA, classB: classB, classBShare: share, classC: classC, useAccount: useAccount, error: error,
            result: result)
        return renderer.page(.estimate, model, chrome: try chrome("费用估算", current: "/me", person: me), status: status)
    }

    /// Characters kept of one estimator field.
    static var estimateFieldCharactersMax: Int { 20 }

    /// The visit as a bill in national field names, as the API's estimator takes it; the platform adds the
    /// person's region, scheme, age, balances and year-to-date figures, and the engine checks every value.
    static func bill(medType: String, level: String, date: String, useAccount: Bool, classA: String, classB: String,
        classBShare: String, classC: String) throws -> Data
    {
        var items: [[String: Any]] = []
        if !classA.isEmpty {
            items.append(["feedetl_sn": "1", "med_list_codg": "PAGE-CLASS-A", "det_item_fee_sumamt": classA, "chrgitm_lv": "01"])
        }
        if !classB.isEmpty {
            var item: [String: Any] = ["feedetl_sn": "2", "med_list_codg": "PAGE-CLASS-B", "det_item_fee_sumamt": classB,
                "chrgitm_lv": "02"]
            if !classBShare.isEmpty {
                guard let percent = Int(classBShare), (0...100).contains(percent) else {
                    throw APIError.requestInvalid("乙类先行自付比例应为 0–100 的整数")
                }
                item["selfpay_prop"] = "\(percent / 100).\(percent % 100 < 10 ? "0" : "")\(percent % 100)"
            }
            items.append(item)
        }
        if !classC.isEmpty {
            items.append(["feedetl_sn": "3", "med_list_codg": "PAGE-CLASS-C", "det_item_fee_sumamt": classC, "chrgitm_lv": "03"])
        }
        let bill: [String: Any] = ["med_type": medType, "medins_lv": level, "setl_date": date,
            "acct_used_flag": useAccount ? "1" : "0", "items": items]
        return try JSONSerialization.data(withJSONObject: bill)
    }

    /// The national output as labelled figures (sub-lines indented, rare ones only when not zero) and the
    /// explanation as list items (the engine numbers its lines; the page's list numbers them again).
    static func estimateResult(_ o: YibaoSettlement.NationalSettlementOutput) -> EstimateModel.Result {
        typealias Figure = EstimateModel.Figure
        var figures: [Figure] = [
            Figure(label: "医疗费用总额", amount: o.medfee_sumamt, style: "total"),
            Figure(label: "全自费", amount: o.fulamt_ownpay_amt, style: "sub"),
        ]
        if o.overlmt_selfpay != "0.00" { figures.append(Figure(label: "超限价自付", amount: o.overlmt_selfpay, style: "sub")) }
        figures += [
            Figure(label: "乙类先行自付", amount: o.preselfpay_amt, style: "sub"),
            Figure(label: "政策范围内", amount: o.inscp_scp_amt, style: "sub"),
            Figure(label: "起付线", amount: o.act_pay_dedc, style: ""),
            Figure(label: "统筹基金支付", amount: o.hifp_pay, style: ""),
        ]
        if o.hifob_pay != "0.00" { figures.append(Figure(label: "大额医疗费用补助", amount: o.hifob_pay, style: "")) }
        if o.hifmi_pay != "0.00" { figures.append(Figure(label: "大病保险", amount: o.hifmi_pay, style: "")) }
        if o.cvlserv_pay != "0.00" { figures.append(Figure(label: "公务员医疗补助", amount: o.cvlserv_pay, style: "")) }
        figures += [
            Figure(label: "基金支付合计", amount: o.fund_pay_sumamt, style: "total"),
            Figure(label: "个人负担", amount: o.psn_part_amt, style: "total"),
            Figure(label: "个人账户支付", amount: o.acct_pay, style: "sub"),
        ]
        if o.acct_mulaid_pay != "0.00" { figures.append(Figure(label: "亲属共济支付", amount: o.acct_mulaid_pay, style: "sub")) }
        figures += [
            Figure(label: "现金支付", amount: o.psn_cash_pay, style: "sub"),
            Figure(label: "结算后个人账户余额", amount: o.balc, style: ""),
        ]
        let steps = (o.explanation ?? []).map { ArticleText.point($0) ?? $0 }
        return .init(figures: figures.map { Figure(label: $0.label, amount: $0.amount + " 元", style: $0.style) }, steps: steps)
    }
}
