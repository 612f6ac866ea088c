import Foundation
import YibaoCore
import YibaoPolicy
import YibaoSettlement

/// The home of every benchmark: `swift run -c release yibao-bench <name>`; each prints `name=value` lines.
@main
struct YibaoBench {
    static func main() async throws {
        let args = Array(CommandLine.arguments.dropFirst())
        guard let name = args.first else {
            print("usage: yibao-bench settle [--bills N] | credit [--accounts N] | settle-durable [--settlements N] | estimate [--estimates N] [--history N]")
            exit(2)
        }
        switch name {
        case "settle": try SettleBenchmark(arguments: Array(args.dropFirst())).run()
        case "credit": try CreditBenchmark(arguments: Array(args.dropFirst())).run()
        case "settle-durable": try await DurableSettleBenchmark(arguments: Array(args.dropFirst())).run()
        case "estimate": try EstimateBenchmark(arguments: Array(args.dropFirst())).run()
        case "search", "ask": try SearchBenchmark(mode: name, arguments: Array(args.dropFirst())).run()
        default:
            print("unknown benchmark \(name)")
            exit(2)
        }
    }
}

/// Reads `--name value` options.
func option(_ name: String, in args: [String], default fallback: Int) -> Int {
    guard let i = args.firstIndex(of: "--\(name)"), i + 1 < args.count, let v = Int(args[i + 1]) else { return fallback }
    return v
}

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
