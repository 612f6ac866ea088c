import Testing
import YibaoCore

/// Appends the GB 11643 check character, computed here independently of `IDNumber`
/// (ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, check = "10X98765432"[sum mod 11]).
func withCheckCharacter(_ first17: String) -> String {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let checkCharacters = Array("10X98765432")
    let sum = zip(first17, weights).reduce(0) { $0 + $1.0.wholeNumberValue! * $1.1 }
    return first17 + String(checkCharacters[sum % 11])
}

func date(_ text: String) throws -> CalendarDate {
    try #require(CalendarDate(text))
}

@Suite("Resident identity numbers")
struct IDNumberTests {
    @Test("The test's own check character helper reproduces the published vectors")
    func helperReproducesVectors() {
        #expect(withCheckCharacter("11010519491231002") == "11010519491231002X")
        #expect(withCheckCharacter("44052418800101001") == "440524188001010014")
    }

    @Test("A valid number with check character X reads as a woman born 1949-12-31")
    func validNumberWithX() throws {
        let id = try IDNumber("11010519491231002X")
        let expected = try date("1949-12-31")
        #expect(id.birthDate == expected)
        #expect(id.sex == .female)
        #expect(id.regionPrefix == "110105")
        #expect(id.text == "11010519491231002X")
    }

    @Test("A valid number with a digit check character reads as a man born 1880-01-01")
    func validNumberWithDigit() throws {
        let id = try IDNumber("440524188001010014")
        let expected = try date("1880-01-01")
        #expect(id.birthDate == expected)
        #expect(id.sex == .male)
        #expect(id.sex.label == "男")
    }

    @Test("A lower-case x is accepted and stored upper-case")
    func lowerCaseXIsAccepted() throws {
        let id = try IDNumber("11010519491231002x")
        #expect(id.text == "11010519491231002X")
        let upper = try IDNumber("11010519491231002X")
        #expect(id == upper)
    }

    @Test(
        "Any other last character makes a valid number a check mismatch",
        arguments: ["11010519491231002X", "440524188001010014"])
    func changedCheckCharacterIsMismatch(valid: String) {
        let first17 = String(valid.prefix(17))
        for replacement in "0123456789X" where String(replacement) != String(valid.last!) {
            #expect(throws: IDNumberError.checkCharacterMismatch, "last \(replacement)") {
                try IDNumber(first17 + String(replacement))
            }
        }
    }

    @Test("Only 18 characters are accepted", arguments: [17, 19, 0, 15])
    func wrongLengthIsRefused(count: Int) {
        let text = String("11010519491231002X11".prefix(count))
        #expect(throws: IDNumberError.wrongLength(count: count)) { try IDNumber(text) }
    }

    @Test("A letter among the first 17 characters or a letter check other than X is refused",
        arguments: ["1101051949123100AX", "A1010519491231002X", "11010519491231002A", "１1010519491231002X"])
    func lettersAreRefused(text: String) {
        #expect(throws: IDNumberError.invalidCharacter) { try IDNumber(text) }
    }

    @Test("A number whose region prefix is no province is refused even with a correct check character")
    func unknownProvinceIsRefused() {
        #expect(throws: IDNumberError.invalidRegionPrefix("990105")) { try IDNumber(withCheckCharacter("99010519491231002")) }
    }

    @Test(
        "A birth date that does not exist is refused even with a correct check character",
        arguments: ["19491331", "19490229", "19490001", "19491200", "19490431", "18491231"])
    func impossibleBirthDateIsRefused(birth: String) {
        #expect(throws: IDNumberError.invalidBirthDate) { try IDNumber(withCheckCharacter("110105" + birth + "002")) }
    }

    @Test("Real edge birth dates are accepted", arguments: ["19480229", "18500101", "20000229"])
    func edgeBirthDatesAreAccepted(birth: String) throws {
        let id = try IDNumber(withCheckCharacter("110105" + birth + "002"))
        #expect(id.birthDate.description.filter { $0 != "-" } == birth)
    }

    @Test("A birth date after today is refused and a birth today is accepted")
    func birthAfterTodayIsRefused() throws {
        let today = try date("2025-06-01")
        #expect(throws: IDNumberError.invalidBirthDate) {
            try IDNumber(withCheckCharacter("11010520250602002"), today: today)
        }
        let bornToday = try IDNumber(withCheckCharacter("11010520250601002"), today: today)
        #expect(bornToday.birthDate == today)
    }

    @Test("The masked form keeps the first six and last four characters")
    func maskedForm() throws {
        let id = try IDNumber("11010519491231002X")
        #expect(id.maskedText == "110105********002X")
        #expect(id.description == "110105********002X")
        #expect("\(id)" == "110105********002X")
    }

    @Test("Age grows on the birthday and not the day before")
    func ageOnBirthday() throws {
        let id = try IDNumber("11010519491231002X")
        let dayBefore = try date("2025-12-30")
        let birthday = try date("2025-12-31")
        let dayAfter = try date("2026-01-01")
        #expect(id.age(on: dayBefore) == 75)
        #expect(id.age(on: birthday) == 76)
        #expect(id.age(on: dayAfter) == 76)
    }

    @Test("Errors carry stable codes")
    func errorCodes() {
        #expect(IDNumberError.checkCharacterMismatch.code == "id_number_check")
        #expect(IDNumberError.wrongLength(count: 17).message.contains("17"))
        #expect(IDNumberError.invalidBirthDate.code == "id_number_birth_date")
    }
}
