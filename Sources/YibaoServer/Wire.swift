import Foundation
import YibaoPlatform

/// Converts between the platform's Codable values and the generated API types through their JSON form: both
/// sides name the same fields, so the spec and the platform stay in step (a field the spec requires and the
/// platform does not send fails here, in the router tests, not in a client).
enum Wire {
    static func convert<T: Encodable, U: Decodable>(_ value: T, to type: U.Type = U.self) throws -> U {
        try decoder.decode(U.self, from: try encoder.encode(value))
    }

    /// A settlement result, through its hand-built JSON (see `SettleResult.jsonText`).
    static func convert<U: Decodable>(_ value: SettleResult, to type: U.Type = U.self) throws -> U {
        try decoder.decode(U.self, from: Data(value.jsonText.utf8))
    }

    /// The JSON of a generated request body (bills go to the platform as JSON in national field names).
    static func json<T: Encodable>(_ value: T) throws -> Data {
        try encoder.encode(value)
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    private static let decoder = JSONDecoder()
}
