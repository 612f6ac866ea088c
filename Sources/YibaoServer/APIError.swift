import HTTPTypes
import YibaoCore
import YibaoHelp
import YibaoPlatform

/// Refusals that belong to the HTTP edge rather than to a use case.
enum APIError: YibaoError, Equatable {
    case notSignedIn
    case tokenMissing
    case csrfTokenMismatch
    case bodyTooLarge(max: Int)
    case queryTooLong(max: Int)
    case pageTooLarge(max: Int)
    case requestInvalid(String)
    case routeNotFound
    case helpNotAvailable

    var code: String {
        switch self {
        case .notSignedIn: "not_signed_in"
        case .tokenMissing: "token_missing"
        case .csrfTokenMismatch: "csrf_token_mismatch"
        case .bodyTooLarge: "body_too_large"
        case .queryTooLong: "query_too_long"
        case .pageTooLarge: "page_too_large"
        case .requestInvalid: "request_invalid"
        case .routeNotFound: "not_found"
        case .helpNotAvailable: "help_not_available"
        }
    }

    var message: String {
        switch self {
        case .notSignedIn: "请先登录。"
        case .tokenMissing: "缺少访问令牌（Authorization: Bearer …）。"
        case .csrfTokenMismatch: "页面已过期或请求来源不明（CSRF 校验失败），请刷新后重试。"
        case .bodyTooLarge(let max): "请求内容超过上限 \(max) 字节。"
        case .queryTooLong(let max): "查询内容超过上限 \(max) 个字符。"
        case .pageTooLarge(let max): "每页条数须为 1–\(max)。"
        case .requestInvalid(let detail): "请求格式不正确：\(detail)"
        case .routeNotFound: "没有这个接口。"
        case .helpNotAvailable: "帮助中心暂未开放。"
        }
    }
}

/// The one place where typed errors become HTTP statuses.
enum ErrorMapping {
    static func status(of error: any YibaoError) -> HTTPResponse.Status {
        switch error {
        case let e as APIError: status(of: e)
        case let e as AuthError: status(of: e)
        case let e as PlatformError: status(of: e)
        case let e as HelpError:
            if case .articleNotFound = e { .notFound } else { .unprocessableContent }
        default: .unprocessableContent
        }
    }

    static func status(of e: APIError) -> HTTPResponse.Status {
        switch e {
        case .notSignedIn, .tokenMissing: .unauthorized
        case .csrfTokenMismatch: .forbidden
        case .bodyTooLarge: .contentTooLarge
        case .queryTooLong, .pageTooLarge: .unprocessableContent
        case .requestInvalid: .badRequest
        case .routeNotFound, .helpNotAvailable: .notFound
        }
    }

    static func status(of e: AuthError) -> HTTPResponse.Status {
        switch e {
        case .signInFailed, .sessionInvalid, .tokenInvalid: .unauthorized
        case .loginLocked: .tooManyRequests
        case .wrongRole, .regionForbidden, .passwordNotSet: .forbidden
        case .jobNotFound: .notFound
        case .storeWithoutAuth: .internalServerError
        }
    }

    static func status(of e: PlatformError) -> HTTPResponse.Status {
        switch e {
        case .personNotFound, .insuranceNotFound, .settlementNotFound, .grantNotFound: .notFound
        case .existsWithDifferentRequest, .settlementAlreadyReversed, .cannotReverseReversal, .personAlreadyInsured,
            .contributionExists, .grantExists:
            .conflict
        case .idempotencyKeyInvalid: .badRequest
        case .limitExceeded: .unprocessableContent
        case .invalidIDNumber, .invalidAmount, .amountMustBePositive, .regionUnknown, .regionNotConfigured,
            .schemeNotConfigured, .monthInvalid, .monthInFuture, .monthBeforeEnrolment, .dateInvalid, .contributionNotDue,
            .noPersonalAccount, .accountFrozen, .relationNotAllowed, .grantToSelf, .relativeInOtherRegion,
            .insufficientBalance, .settlementRefused, .invalidPassword:
            .unprocessableContent
        }
    }
}
