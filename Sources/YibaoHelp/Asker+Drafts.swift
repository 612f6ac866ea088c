import YibaoCore

/// The answers that do not come from the packs: personal, article and no-data answers.
extension Asker {
    /// The person's balance explanation; a plain "not available" answer when no records are wired; nil when
    /// the records have nothing on the person (the question is then answered like any other).
    func personalDraft(person: String, best: Article?) throws(HelpError) -> (draft: AnswerDraft, region: String?)? {
        guard let records else {
            var draft = AnswerDraft(
                kind: .noData,
                shortAnswer: "本版本尚未接入个人参保记录，无法按您本人的记录说明账户情况；以下是一般情况的说明。")
            if let best {
                let general = articleDraft(best)
                draft.points = [general.shortAnswer] + general.points
                draft.sources = general.sources
                draft.health = general.health
            }
            return (draft, nil)
        }
        let answer: PersonalAnswer?
        do {
            answer = try records.balanceAnswer(person: person)
        } catch let error as any YibaoError {
            throw .personalRecordsFailed(code: error.code, message: error.message)
        } catch {
            throw .personalRecordsFailed(code: "personal_records_failed", message: "读取个人参保记录失败，请稍后再试。")
        }
        guard let answer else { return nil }
        return (
            AnswerDraft(
                kind: .personal, shortAnswer: answer.shortAnswer, points: answer.points, sources: answer.sources),
            answer.region
        )
    }

    func articleDraft(_ article: Article) -> AnswerDraft {
        var points = article.points
        if points.isEmpty {
            points = Array(article.paragraphs.filter { $0 != article.shortAnswer && $0 != article.excerpt }.prefix(5))
        }
        var sources = article.sources.map {
            AnswerSource(title: $0.title, urlOrDocument: $0.urlOrDocument, date: $0.date, confidence: $0.confidence)
        }
        if sources.isEmpty {
            sources = [AnswerSource(title: article.title, urlOrDocument: "帮助中心文章 \(article.id)", date: article.date)]
        }
        var draft = AnswerDraft(
            kind: .article, shortAnswer: article.shortAnswer, points: points, sources: sources,
            articleID: article.id)
        draft.health = article.health
        return draft
    }

    /// A place with no pack and no article: said plainly, with the national rule where one applies.
    func regionWithoutData(_ scope: RegionScope, facts: QuestionFacts, best: SearchHit?) -> AnswerDraft {
        let name = scope.pooling?.name ?? scope.region.name
        var draft = AnswerDraft(
            kind: .noData,
            shortAnswer: "暂无该地区的数据：帮助中心还没有\(name)（\(scope.answerCode)）的医保政策数据或文章，不能用其他地区的规定代替。")
        if let best, best.article.isNational {
            let general = articleDraft(best.article)
            draft.shortAnswer += "全国统一的规定是：" + general.shortAnswer
            draft.points = general.points
            draft.sources = general.sources
            draft.health = general.health
        } else if let rule = policy.nationalRule(facts) {
            draft.points = rule.points
            draft.sources = rule.sources
        } else {
            draft.points = ["请以当地医保部门公布的规定为准，可拨打 12393 医保服务热线咨询。"]
        }
        return draft
    }

    /// Nothing answers the question: no calculation, no article that covers enough of it.
    func nothingFound(_ scope: RegionScope?, facts: QuestionFacts) -> AnswerDraft {
        let head =
            scope.map { s in "暂无该地区的数据：\(s.pooling?.name ?? s.region.name)关于这个问题的规定尚未收录，不能用其他地区的规定代替。" }
            ?? "暂无相关内容：帮助中心还没有能回答这个问题的文章或政策数据。"
        var draft = AnswerDraft(kind: .noData, shortAnswer: head)
        if let rule = policy.nationalRule(facts) {
            draft.points = rule.points
            draft.sources = rule.sources
        } else {
            draft.points = ["请以当地医保部门公布的规定为准，可拨打 12393 医保服务热线咨询。"]
        }
        return draft
    }
}
