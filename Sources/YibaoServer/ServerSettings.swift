import Configuration
import Hummingbird

/// The server's settings, read once from swift-configuration (command line, then `YIBAO_*` environment
/// variables, then these defaults). Keys: `host`, `port`, `db`, `cookie.secure`, `log.level`, and the limits.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var databasePath = "./yibao.sqlite"
    /// Mark the session cookie `Secure` always (set when TLS is terminated in front of the server; it is also
    /// set per request when the proxy says `X-Forwarded-Proto: https`).
    public var secureCookies = false
    public var logLevel = "info"

    /// Largest request body accepted; larger ones get 413.
    public var requestBodyBytesMax = 256 * 1024
    /// Longest help query or question, in characters.
    public var queryCharactersMax = 200
    /// Most statement lines in one page.
    public var statementPageMax = 200
    /// Most help hits in one page.
    public var helpPageMax = 50

    public init() {}

    /// Settings from a reader; missing keys keep the defaults above.
    public init(reader: ConfigReader) {
        self.init()
        host = reader.string(forKey: "host", default: host)
        port = reader.int(forKey: "port", default: port)
        databasePath = reader.string(forKey: "db", default: databasePath)
        secureCookies = reader.bool(forKey: "cookie.secure", default: secureCookies)
        logLevel = reader.string(forKey: "log.level", default: logLevel)
        requestBodyBytesMax = reader.int(forKey: "limits.body.bytes", default: requestBodyBytesMax)
    }

    /// The reader the main job uses: command-line arguments (`--port 9000`), then the environment with the
    /// `YIBAO_` prefix (`YIBAO_PORT=9000`), then the defaults.
    public static func reader(arguments: [String] = CommandLine.arguments, environment: [String: String]) -> ConfigReader {
        ConfigReader(providers: [
            CommandLineArgumentsProvider(arguments: arguments),
            EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "yibao"),
        ])
    }

    var applicationConfiguration: ApplicationConfiguration {
        ApplicationConfiguration(address: .hostname(host, port: port), serverName: "Yibao")
    }
}
