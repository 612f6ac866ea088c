import Crypto
import CryptoExtras
import Foundation

/// Salted, slow password hashes: PBKDF2-HMAC-SHA256 from swift-crypto's extras, stored as
/// `pbkdf2-sha256$ROUNDS$SALT$HASH` (base64), compared in constant time.
public struct PasswordHasher: Sendable {
    /// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    public static let defaultRounds = 600_000
    public static let passwordCharactersMin = 8
    public static let passwordCharactersMax = 64

    public let rounds: Int

    public init(rounds: Int = PasswordHasher.defaultRounds) {
        precondition(rounds >= 210_000, "swift-crypto refuses PBKDF2-SHA256 below 210,000 rounds")
        self.rounds = rounds
    }

    public func hash(_ password: String) throws -> String {
        guard (PasswordHasher.passwordCharactersMin...PasswordHasher.passwordCharactersMax).contains(password.count) else {
            throw PlatformError.invalidPassword
        }
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &rng) }
        let key = try derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(Data(salt).base64EncodedString())$\(key.base64EncodedString())"
    }

    /// Whether `password` matches a stored hash; malformed hashes never match.
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds >= 210_000,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
            let actual = try? derive(password, salt: [UInt8](salt), rounds: rounds)
        else { return false }
        guard actual.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(actual, expected) { difference |= a ^ b }
        return difference == 0
    }

    func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32,
            rounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }
}
