import Foundation
import YibaoCore
import YibaoHelp
import YibaoPolicy

/// Search and ask latency on a corpus grown to 10,000 articles by varying the bundled ones, and the time to
/// build the index. Queries are the development question set, each run several times; every query is timed
/// on its own, so the percentiles are per query. `search` prints search and ask figures, `ask` only ask's.
struct SearchBenchmark {
    let articlesTotal: Int
    let searchRounds: Int
    let askRounds: Int
    let mode: String

    init(mode: String, arguments: [String]) {
        self.mode = mode
        articlesTotal = option("articles", in: arguments, default: 10_000)
        searchRounds = option("rounds", in: arguments, default: 20)
        askRounds = option("ask-rounds", in: arguments, default: 10)
    }

    /// Article i is bundled article i mod n, moved to another city when it is regional (its place names
    /// replaced), with its points in another order and a paragraph of another article added, so that the
    /// vocabulary, lengths and region mix stay those of real articles.
    static func grow(_ base: [Article], to total: Int, regions: RegionTable) -> [Article] {
        var rng = SplitMix64(seed: 20_251_123)
        let cities = regions.regions.values.filter { $0.level == .city }.sorted { $0.code < $1.code }
        func short(_ name: String) -> String { name.hasSuffix("市") && name.count > 2 ? String(name.dropLast()) : name }
        var out: [Article] = []
        out.reserveCapacity(total)
        for i in 0..<total {
            let a = base[i % base.count]
            if i < base.count {
                out.append(a)
                continue
            }
            var title = a.title
            var answer = a.shortAnswer
            var body = a.body
            var codes = a.regions
            if !a.isNational, let city = cities.isEmpty ? nil : cities[Int(rng.next() % UInt64(cities.count))] {
                for code in a.regions {
                    guard let name = regions.region(code: code)?.name else { continue }
                    for text in [name, short(name)] {
                        title = title.replacingOccurrences(of: text, with: short(city.name))
                        answer = answer.replacingOccurrences(of: text, with: short(city.name))
                        body = body.replacingOccurrences(of: text, with: short(city.name))
                    }
                }
                codes = [city.code]
            }
            var lines = body.split(separator: "\n").map(String.init)
            lines.shuffle(using: &rng)
            let other = base[Int(rng.next() % UInt64(base.count))]
            lines.append(other.paragraphs.first ?? other.shortAnswer)
            out.append(
                Article(
                    id: "gen-\(i)-\(a.id)", title: title, shortAnswer: answer, regions: codes, topics: a.topics,
                    date: a.date, health: a.health, stub: a.stub, category: a.category, excerpt: a.excerpt,
                    sources: a.sources,
                    body: lines.joined(separator: "\n")))
        }
        return out
    }

    func run() throws {
        let regions = try RegionTable.bundled()
        let resources = try HelpResources.bundled()
        let base = try HelpCorpus.bundled().articles
        guard !base.isEmpty else {
            print("no bundled articles")
            return
        }
        let articles = SearchBenchmark.grow(base, to: articlesTotal, regions: regions)
        let clock = ContinuousClock()
        let analyzer = resources.analyzer()
        var index: SearchIndex?
        let buildTime = clock.measure { index = SearchIndex(articles: articles, analyzer: analyzer, regions: regions) }
        guard let index else { return }
        let asker = Asker(index: index, regions: regions, catalog: try PolicyCatalog.bundled(), resources: resources)
        let questions = try HelpEvaluation.bundledQuestions().map(\.question)
        print("articles=\(articles.count)")
        print("queries=\(questions.count)")
        print("index_build_ms_\(articlesTotal)=\(Int(buildTime.seconds * 1000))")
        if mode == "search" {
            let (wall, cpu) = try measure(questions, rounds: searchRounds) { _ = try asker.search($0, limit: 10) }
            print("search_p50_us=\(percentile(wall, 0.50))")
            print("search_p99_us=\(percentile(wall, 0.99))")
            print("search_cpu_p50_us=\(percentile(cpu, 0.50))")
            print("search_cpu_p99_us=\(percentile(cpu, 0.99))")
        }
        let (wall, cpu) = try measure(questions, rounds: askRounds) { _ = try asker.ask($0) }
        print("ask_p50_us=\(percentile(wall, 0.50))")
        print("ask_p99_us=\(percentile(wall, 0.99))")
        print("ask_cpu_p50_us=\(percentile(cpu, 0.50))")
        print("ask_cpu_p99_us=\(percentile(cpu, 0.99))")
    }

    /// Per-query wall-clock and thread CPU durations in microseconds, after one warm-up round. On a shared
    /// machine the wall-clock tail includes time the thread waited for a core; the CPU time does not.
    func measure(_ queries: [String], rounds: Int, _ body: (String) throws -> Void) throws -> ([Double], [Double]) {
        for q in queries { try body(q) }
        let clock = ContinuousClock()
        var wall: [Double] = []
        var cpu: [Double] = []
        wall.reserveCapacity(queries.count * rounds)
        cpu.reserveCapacity(queries.count * rounds)
        for _ in 0..<rounds {
            for q in queries {
                let cpuStart = SearchBenchmark.threadCPUMicroseconds()
                let start = clock.now
                try body(q)
                wall.append((clock.now - start).seconds * 1_000_000)
                cpu.append(SearchBenchmark.threadCPUMicroseconds() - cpuStart)
            }
        }
        return (wall, cpu)
    }

    static func threadCPUMicroseconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1_000_000 + Double(t.tv_nsec) / 1_000
    }

    func percentile(_ values: [Double], _ p: Double) -> Int {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return Int(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))].rounded())
    }
}
