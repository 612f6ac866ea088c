import Testing
import YibaoCore

@Suite("Region table")
struct RegionTableTests {
    let table: RegionTable

    init() throws {
        table = try RegionTable.bundled()
    }

    @Test("深圳, 深圳市 and 440300 all resolve to 440300", arguments: ["深圳", "深圳市", "440300", " 深圳市 "])
    func shenzhenResolves(query: String) throws {
        let region = try table.resolve(query)
        #expect(region.code == "440300")
        #expect(region.name == "深圳市")
        #expect(region.level == .city)
    }

    @Test("罗湖区 resolves to 440303, pools at 440300 and has 深圳 and 广东 above it")
    func luohu() throws {
        let region = try table.resolve("罗湖区")
        #expect(region.code == "440303")
        #expect(region.level == .county)
        #expect(try table.resolve("罗湖").code == "440303")
        #expect(table.poolingRegion(of: "440303")?.code == "440300")
        #expect(table.ancestors(of: "440303") == ["440300", "440000"])
    }

    @Test("朝阳区 is ambiguous between Beijing and Changchun")
    func chaoyangIsAmbiguous() throws {
        let error = try #require(throws: RegionError.self) { try table.resolve("朝阳区") }
        guard case .ambiguous(let query, let candidates) = error else {
            Issue.record("expected .ambiguous, got \(error)")
            return
        }
        #expect(query == "朝阳区")
        #expect(candidates.map(\.code) == ["110105", "220104"])
        #expect(error.code == "region_ambiguous")
        #expect(error.message.contains("110105") && error.message.contains("220104"))
    }

    @Test("The short name 朝阳 is ambiguous among the two districts and the city in Liaoning")
    func shortChaoyangIsAmbiguous() throws {
        let error = try #require(throws: RegionError.self) { try table.resolve("朝阳") }
        guard case .ambiguous(_, let candidates) = error else {
            Issue.record("expected .ambiguous, got \(error)")
            return
        }
        #expect(candidates.map(\.code) == ["110105", "211300", "220104"])
    }

    @Test(
        "An unknown name or code is unknown",
        arguments: ["火星市", "999999", "440399", "", "44030", "4403000"])
    func unknownIsUnknown(query: String) {
        #expect(throws: RegionError.unknown(query)) { try table.resolve(query) }
    }

    @Test("北京 resolves to the city record 110100, not the province 110000", arguments: ["北京", "北京市"])
    func beijingIsTheCity(query: String) throws {
        let region = try table.resolve(query)
        #expect(region.code == "110100")
        #expect(region.level == .city)
        #expect(try table.resolve("110000").level == .province)
    }

    @Test(
        "A short name shared by a city and its own county or province means the city",
        arguments: [("长沙", "430100"), ("长沙市", "430100"), ("长沙县", "430121"), ("吉林", "220200"), ("吉林省", "220000")])
    func cityWinsInItsOwnChain(query: String, code: String) throws {
        #expect(try table.resolve(query).code == code)
    }

    @Test("A municipality split into two city records resolves to the first")
    func chongqingResolvesToFirstCityRecord() throws {
        #expect(try table.resolve("重庆").code == "500100")
    }

    @Test("A municipality's province record pools at its single city record")
    func municipalityPoolsAtCity() {
        #expect(table.poolingRegion(of: "110000")?.code == "110100")
        #expect(table.poolingRegion(of: "110100")?.code == "110100")
        #expect(table.poolingRegion(of: "110105")?.code == "110100")
    }

    @Test("A province with several cities has no pooling region", arguments: ["440000"])
    func provinceHasNoPoolingRegion(code: String) throws {
        #expect(try table.resolve("广东省").code == code)
        #expect(try table.resolve("广东").code == code)
        #expect(table.poolingRegion(of: code) == nil)
        #expect(table.ancestors(of: code) == [])
    }

    @Test("A county directly under a province is its own pooling region")
    func countyUnderProvincePoolsAtItself() {
        #expect(table.region(code: "419001")?.name == "济源市")
        #expect(table.poolingRegion(of: "419001")?.code == "419001")
    }

    @Test("An unknown code has no pooling region and no ancestors")
    func unknownCodeHasNoPoolingRegion() {
        #expect(table.poolingRegion(of: "999999") == nil)
        #expect(table.ancestors(of: "999999") == [])
    }

    @Test("Every parent named in the table exists and sits one level up")
    func parentsExist() {
        for region in table.regions.values {
            guard let parentCode = region.parent else {
                #expect(region.level == .province, "\(region.code) has no parent")
                continue
            }
            let parent = table.region(code: parentCode)
            #expect(parent != nil, "\(region.code) names missing parent \(parentCode)")
            if region.level == .city { #expect(parent?.level == .province, "\(region.code)") }
        }
    }

    @Test("A malformed table line is reported by its line number")
    func malformedLine() {
        #expect(throws: RegionTableError.self) { try RegionTable(tsv: "code\tname\tlevel\tparent\n440300\t深圳市\tcity\n") }
        #expect(throws: Never.self) { try RegionTable(tsv: "440000\t广东省\tprovince\t\n440300\t深圳市\tcity\t440000\n") }
    }
}
