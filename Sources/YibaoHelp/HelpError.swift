import YibaoCore

/// Why the help centre refused an input or could not read its content.
///
/// Case names state the broken rule; every case carries what a person needs to fix it.
public enum HelpError: YibaoError, Equatable {
    case articleMissingField(file: String, field: String)
    case articleMalformedHeader(file: String, line: Int, reason: String)
    case articleInvalidValue(file: String, field: String, value: String)
    case articleTooLarge(file: String, bytes: Int)
    case articleDuplicateID(id: String, file: String)
    case articleNotFound(id: String)
    case queryEmpty
    case queryTooLong(characters: Int)
    case limitOutOfRange(limit: Int)
    case contentMissing(path: String)
    case fileUnreadable(path: String)
    case pageEmpty(file: String)
    case writeFailed(path: String)
    case evalMalformedLine(line: Int, reason: String)
    case personalRecordsFailed(code: String, message: String)

    public var code: String {
        switch self {
        case .articleMissingField: "article_missing_field"
        case .articleMalformedHeader: "article_malformed_header"
        case .articleInvalidValue: "article_invalid_value"
        case .articleTooLarge: "article_too_large"
        case .articleDuplicateID: "article_duplicate_id"
        case .articleNotFound: "article_not_found"
        case .queryEmpty: "query_empty"
        case .queryTooLong: "query_too_long"
        case .limitOutOfRange: "limit_out_of_range"
        case .contentMissing: "help_content_missing"
        case .fileUnreadable: "file_unreadable"
        case .pageEmpty: "page_empty"
        case .writeFailed: "write_failed"
        case .evalMalformedLine: "eval_malformed_line"
        case .personalRecordsFailed(let code, _): code
        }
    }

    public var message: String {
        switch self {
        case .articleMissingField(let f, let field): "文章 \(f) 缺少必填字段 \(field)。"
        case .articleMalformedHeader(let f, let line, let reason): "文章 \(f) 第 \(line) 行文件头格式错误：\(reason)"
        case .articleInvalidValue(let f, let field, let value): "文章 \(f) 的字段 \(field) 取值“\(value)”无效。"
        case .articleTooLarge(let f, let bytes): "文章 \(f) 共 \(bytes) 字节，超过上限 \(Article.fileBytesMax) 字节。"
        case .articleDuplicateID(let id, let f): "文章编号 \(id) 重复（\(f)）。"
        case .articleNotFound(let id): "未找到编号为 \(id) 的文章。"
        case .queryEmpty: "请输入要查询的问题。"
        case .queryTooLong(let n): "问题共 \(n) 个字，超过上限 \(SearchIndex.queryCharactersMax) 个字，请精简后再问。"
        case .limitOutOfRange(let n): "返回条数 \(n) 超出范围，应为 1–\(SearchIndex.limitMax)。"
        case .contentMissing(let p): "帮助中心内容缺失：\(p)。"
        case .fileUnreadable(let p): "无法读取文件 \(p)（不存在或不是 UTF-8 文本）。"
        case .pageEmpty(let f): "页面 \(f) 没有标题或正文，已跳过。"
        case .writeFailed(let p): "无法写入 \(p)。"
        case .evalMalformedLine(let line, let reason): "评测问题表第 \(line) 行格式错误：\(reason)"
        case .personalRecordsFailed(_, let message): message
        }
    }
}
