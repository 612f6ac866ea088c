import Foundation
import Testing
import YibaoCore
import YibaoPolicy

/// Tests over the shipped packs. They name no pack count, so that adding a pack needs no test change:
/// every pack, whatever its region, must read, validate and sit at a real pooling region.
@Suite("Policy catalog")
struct PolicyCatalogTests {
    let catalog: PolicyCatalog

    init() throws {
        catalog = try PolicyCatalog.bundled()
    }

    @Test("Every shipped pack reads and the catalog reports no problem")
    func everyPackIsValid() {
        #expect(catalog.packs.count >= 2)
        let problems = catalog.problems()
        #expect(problems.isEmpty, "\(problems.map(\.message).joined(separator: "\n"))")
        for pack in catalog.packs {
            #expect(PolicyValidator.problems(in: pack).isEmpty, "\(pack.fileName)")
            #expect(pack.fileName == "\(pack.region)-\(pack.year).toml")
            #expect(!pack.sources.isEmpty, "\(pack.fileName) has no sources")
        }
    }

    @Test("Every figure group of every pack names a source the pack defines")
    func everyProvenanceIsDefined() {
        for pack in catalog.packs {
            var provenances: [Provenance] = []
            for scheme in pack.schemes {
                provenances.append(scheme.provenance)
                provenances += [scheme.contributions?.provenance, scheme.crediting?.inService?.provenance,
                    scheme.crediting?.retired?.provenance, scheme.classBSelfPayShare?.provenance].compactMap { $0 }
                for b in scheme.benefits {
                    provenances += [b.provenance, b.deductibleProvenance, b.capsProvenance].compactMap { $0 }
                }
            }
            provenances += [pack.family?.provenance, pack.accountUse?.provenance, pack.offsite?.provenance,
                pack.waiting?.residents?.provenance, pack.waiting?.employeeLapse?.provenance].compactMap { $0 }
            for p in provenances {
                #expect(pack.sources[p.source] != nil, "\(pack.fileName) names undefined source \(p.source)")
            }
        }
    }

    @Test("Every regional pack sits at a pooling region of the region table under its own name")
    func everyRegionIsAPoolingRegion() throws {
        let table = try RegionTable.bundled()
        for region in catalog.regions {
            let pack = try catalog.pack(region: region, year: try #require(catalog.years(region: region).first))
            #expect(table.poolingRegion(of: region)?.code == region, "\(pack.fileName)")
            #expect(table.region(code: region)?.name == pack.regionName, "\(pack.fileName)")
        }
        #expect(!catalog.regions.contains(PolicyPack.nationalRegion))
    }

    @Test("Every pack year has a national pack to take national rules from")
    func everyYearHasANationalPack() {
        for pack in catalog.packs {
            #expect(catalog.national(year: pack.year) != nil, "\(pack.fileName)")
        }
        #expect(catalog.national(year: 2025)?.isNational == true)
        #expect(catalog.national(year: 1999) == nil)
    }

    @Test("深圳's schemes are 一档 with a personal account, 二档 and residents without one")
    func shenzhenSchemes() throws {
        let pack = try catalog.pack(region: "440300", year: 2025)
        #expect(pack.regionName == "深圳市")
        let schemes = Dictionary(uniqueKeysWithValues: pack.schemes.map { ($0.id, $0) })
        #expect(Set(schemes.keys).isSuperset(of: ["employee_1", "employee_2", "residents"]))
        #expect(schemes["employee_1"]?.hasPersonalAccount == true)
        #expect(schemes["employee_2"]?.hasPersonalAccount == false)
        #expect(schemes["residents"]?.hasPersonalAccount == false)
        #expect(pack.scheme(insuranceType: .employeeBasic, tier: "1")?.id == "employee_1")
        #expect(pack.scheme(insuranceType: .employeeBasic, tier: "2")?.id == "employee_2")
        #expect(pack.scheme(insuranceType: .residentsBasic, tier: nil)?.id == "residents")
        #expect(pack.scheme(insuranceType: .employeeBasic, tier: "3") == nil)
    }

    @Test(
        "深圳's inpatient deductible at a level 3 hospital is 600.00 for the first stay",
        arguments: ["employee_1", "employee_2", "residents"])
    func shenzhenLevel3Deductible(schemeID: String) throws {
        let pack = try catalog.pack(region: "440300", year: 2025)
        let scheme = try #require(pack.schemes.first { $0.id == schemeID })
        let inpatient = try #require(scheme.benefit(for: .generalInpatient))
        #expect(inpatient.deductibleBasis == .perAdmission)
        let rule = try #require(inpatient.deductibles.first { $0.match.matches(.inService, .level3, age: 40) })
        let sixHundredYuan = try Fen.parse("600.00")
        #expect(rule.firstFen == sixHundredYuan)
        let level2 = try #require(inpatient.deductibles.first { $0.match.matches(.inService, .level2, age: 40) })
        #expect(level2.firstFen < rule.firstFen)
    }

    @Test("A year without a pack is refused, naming the years that exist")
    func noPackForYear() throws {
        let available = catalog.years(region: "440300")
        #expect(available.contains(2025))
        #expect(!available.contains(2024))
        #expect(throws: PolicyLookupError.noPackForYear(region: "440300", year: 2024, available: available)) {
            try catalog.pack(region: "440300", year: 2024)
        }
        #expect(PolicyLookupError.noPackForYear(region: "440300", year: 2024, available: [2025]).message.contains("2025"))
    }

    @Test("A region without a pack is refused and never borrows another region's pack")
    func noPackForRegion() {
        #expect(throws: PolicyLookupError.noPackForRegion(region: "999999")) {
            try catalog.pack(region: "999999", year: 2025)
        }
        #expect(PolicyLookupError.noPackForRegion(region: "999999").code == "policy_region_missing")
    }

    @Test("National rules fill in what a regional pack leaves out")
    func nationalFallback() throws {
        let pack = try catalog.pack(region: "440300", year: 2025)
        #expect(pack.family == nil)
        #expect(catalog.familyRules(for: pack)?.relations.contains(.spouse) == true)
        #expect(catalog.accountUse(for: pack)?.mayPayOutOfScope == false)
        #expect(catalog.residentsWaiting(for: pack)?.fixedMonths == 3)
    }
}

@Suite("Loading packs from a folder")
struct PolicyCatalogLoadTests {
    /// A fresh temporary folder holding the valid fixture under `fileName`, removed after `body`.
    func withFolder(holdingValidFixtureAs fileName: String, _ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yibao-packs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: try fixtureURL("valid-minimal.toml"), to: folder.appendingPathComponent(fileName))
        try Data("not a pack".utf8).write(to: folder.appendingPathComponent("README.md"))
        try body(folder)
    }

    @Test("A folder with a correctly named pack loads it and ignores other files")
    func loadsNamedPack() throws {
        try withFolder(holdingValidFixtureAs: "440300-2025.toml") { folder in
            let catalog = try PolicyCatalog.load(directory: folder)
            #expect(catalog.packs.map(\.fileName) == ["440300-2025.toml"])
            #expect(catalog.problems().isEmpty)
            #expect(catalog.regions == ["440300"])
        }
    }

    @Test("A pack whose file name does not match its region and year is refused")
    func refusesMisnamedPack() throws {
        try withFolder(holdingValidFixtureAs: "440300-2024.toml") { folder in
            let error = try #require(throws: PolicyPackError.self) { try PolicyCatalog.load(directory: folder) }
            #expect(error.file == "440300-2024.toml")
            #expect(error.path == "pack")
            #expect(error.problem.contains("440300-2025.toml"))
        }
    }

    @Test("A missing folder is refused")
    func refusesMissingFolder() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yibao-missing-\(UUID().uuidString)")
        #expect(throws: PolicyPackError.self) { try PolicyCatalog.load(directory: folder) }
    }
}
