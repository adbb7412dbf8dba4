import Foundation

/// Date layouts beyond ISO 8601, for `PublicationDateParser`.
enum DateFormats {
    /// Month names and abbreviations, lowercased: English, French, German, Ukrainian and Russian
    /// (nominative and genitive).
    static let months: [String: Int] = {
        let names: [[String]] = [
            ["january", "jan", "janvier", "janv", "januar", "jänner", "jän", "січень", "січня", "січ", "январь", "января", "янв"],
            [
                "february", "feb", "février", "fevrier", "févr", "fevr", "fév", "februar", "лютий", "лютого", "лют", "февраль", "февраля",
                "фев",
            ],
            ["march", "mar", "mars", "märz", "maerz", "mär", "березень", "березня", "бер", "март", "марта", "мар"],
            ["april", "apr", "avril", "avr", "квітень", "квітня", "квіт", "апрель", "апреля", "апр"],
            ["may", "mai", "травень", "травня", "трав", "май", "мая"],
            ["june", "jun", "juin", "juni", "червень", "червня", "черв", "июнь", "июня", "июн"],
            ["july", "jul", "juillet", "juil", "juli", "липень", "липня", "лип", "июль", "июля", "июл"],
            ["august", "aug", "août", "aout", "серпень", "серпня", "серп", "август", "августа", "авг"],
            ["september", "sep", "sept", "septembre", "вересень", "вересня", "вер", "сентябрь", "сентября", "сен", "сент"],
            ["october", "oct", "octobre", "oktober", "okt", "жовтень", "жовтня", "жовт", "октябрь", "октября", "окт"],
            ["november", "nov", "novembre", "листопад", "листопада", "лист", "ноябрь", "ноября", "ноя"],
            [
                "december", "dec", "décembre", "decembre", "déc", "dezember", "dez", "грудень", "грудня", "груд", "декабрь", "декабря",
                "дек",
            ],
        ]
        var table: [String: Int] = [:]
        for (index, spellings) in names.enumerated() {
            for spelling in spellings { table[spelling] = index + 1 }
        }
        return table
    }()

    static func monthNumber(_ token: String) -> Int? {
        months[token]
    }

    /// The offset in minutes of a zone name (`GMT`, `UTC`, `EST`, ...), any case.
    static func zoneOffset(_ name: String) -> Int? {
        zones[name.lowercased()]
    }

    /// `HH:MM` or `HH:MM:SS` as hour, minute and second; `nil` for anything else.
    static func clock(_ token: some StringProtocol) -> (hour: Int, minute: Int, second: Int)? {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, parts[0].count <= 2, parts.dropFirst().allSatisfy({ $0.count == 2 }) else {
            return nil
        }
        let numbers = parts.compactMap { $0.allSatisfy(\.isASCIIDigit) ? Int($0) : nil }
        guard numbers.count == parts.count else { return nil }
        return (numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 0)
    }

    /// The time of day among a date's words: the first `H:MM[:SS]`, then `am` or `pm` (on it, or
    /// as the next word; `p.m.` arrives as `p`, `m`), then a zone name: `8:00 PM EST`,
    /// `11:31 p.m.`; `nil` when there is no clock or it is out of range.
    static func timeOfDay(in tokens: [String]) -> PublicationDate.TimeOfDay? {
        for (index, token) in tokens.enumerated() {
            let digits = token.prefix { $0 == ":" || $0.isASCIIDigit }
            guard var (hour, minute, second) = clock(digits) else { continue }
            var words = [String(token.dropFirst(digits.count))].filter { !$0.isEmpty } + tokens[(index + 1)...].prefix(3)
            if words.count >= 2, words[0] == "a" || words[0] == "p", words[1] == "m" {
                words.replaceSubrange(0..<2, with: [words[0] + "m"])
            }
            if let meridiem = words.first, meridiem == "am" || meridiem == "pm" {
                guard (1...12).contains(hour) else { return nil }
                hour = hour % 12 + (meridiem == "pm" ? 12 : 0)
                words.removeFirst()
            }
            guard hour <= 23, minute <= 59, second <= 60 else { return nil }
            return PublicationDate.TimeOfDay(
                hour: hour, minute: minute, second: second, fraction: "", utcOffsetMinutes: words.first.flatMap { zones[$0] })
        }
        return nil
    }

    /// Zone names RFC 2822 allows besides numeric offsets.
    private static let zones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
        "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    ]

    /// RFC 2822 / RFC 822: `[Thu, ]04 Sep 2025 10:30[:00] (+0200 | GMT | UT | EST ...)`; two-digit
    /// years are read as RFC 2822 says (00-49 → 20xx, 50-99 → 19xx).
    static func rfc2822(_ text: String) -> PublicationDate? {
        var tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = tokens.first, first.hasSuffix(",") { tokens.removeFirst() }
        guard tokens.count >= 4, tokens.count <= 5, let day = Int(tokens[0]),
            let month = monthNumber(tokens[1].lowercased().trimmingCharacters(in: ["."])),
            var year = Int(tokens[2])
        else { return nil }
        if tokens[2].count == 2 { year += year < 50 ? 2000 : 1900 }
        guard let clock = clock(tokens[3]) else { return nil }
        var offset: Int?
        if tokens.count == 5 {
            let zone = tokens[4]
            if let named = zones[zone.lowercased()] {
                offset = named
            } else if zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
                let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2))
            {
                offset = (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
            } else {
                return nil
            }
        }
        let time = PublicationDate.TimeOfDay(
            hour: clock.hour, minute: clock.minute, second: clock.second, fraction: "", utcOffsetMinutes: offset)
        return PublicationDate(year: year, month: month, day: day, time: time)
    }

    /// The day a URL's path gives in a `/2023/12/20/` or `/2023-12-20/` segment (news sites file
    /// articles by day); `nil` when it gives no full date.
    static func inURL(_ url: String) -> PublicationDate? {
        let path = url.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "#").first ?? $0 } ?? ""
        let segments = path.split(separator: "/")
        for (index, segment) in segments.enumerated() {
            if segment.count == 10, let date = PublicationDateParser.iso8601(String(segment)) { return date }
            guard segment.count == 4, let year = Int(segment), (1990...2100).contains(year), index + 2 < segments.count,
                segments[index + 1].count <= 2, segments[index + 2].count <= 2,
                let month = Int(segments[index + 1]), let day = Int(segments[index + 2])
            else { continue }
            return PublicationDate(year: year, month: month, day: day)
        }
        return nil
    }

    /// `2025年9月4日` (Chinese, Japanese) and `2025년 9월 4일` (Korean), with anything after the day ignored.
    static func cjk(_ text: String) -> PublicationDate? {
        var numbers: [Int] = []
        var current = ""
        var markers: [Character] = []
        for character in text {
            if character.isASCIIDigit {
                current.append(character)
            } else if ["年", "月", "日", "년", "월", "일"].contains(character) {
                guard let value = Int(current) else { return nil }
                numbers.append(value)
                markers.append(character)
                current = ""
                if numbers.count == 3 { break }
            } else if character != " " {
                return nil
            }
        }
        guard numbers.count == 3, markers == ["年", "月", "日"] || markers == ["년", "월", "일"] else { return nil }
        return PublicationDate(year: numbers[0], month: numbers[1], day: numbers[2])
    }

    /// `2025/09/04`, the day-first `04.09.2025` used across Europe, and the month-first
    /// `12/20/2023` of the United States (day-first `20/12/2023` when the first number cannot be a
    /// month), the last with an optional `HH:MM[:SS]` after it.
    static func numeric(_ text: String) -> PublicationDate? {
        let slash = text.split(separator: "/")
        if slash.count == 3, slash[0].count == 4, let year = Int(slash[0]), let month = Int(slash[1]), let day = Int(slash[2]) {
            return PublicationDate(year: year, month: month, day: day)
        }
        if slash.count == 3, slash[0].count <= 2, slash[1].count <= 2, let first = Int(slash[0]), let second = Int(slash[1]) {
            let rest = slash[2].split(separator: " ", omittingEmptySubsequences: true)
            guard rest.count <= 2, rest.first?.count == 4, let year = Int(rest[0]) else { return nil }
            let (month, day) = first > 12 ? (second, first) : (first, second)
            guard rest.count == 2 else { return PublicationDate(year: year, month: month, day: day) }
            guard let clock = clock(rest[1]) else { return nil }
            let time = PublicationDate.TimeOfDay(
                hour: clock.hour, minute: clock.minute, second: clock.second, fraction: "", utcOffsetMinutes: nil)
            return PublicationDate(year: year, month: month, day: day, time: time)
        }
        let dot = text.split(separator: ".")
        if dot.count == 3, dot[2].count == 4, let day = Int(dot[0]), let month = Int(dot[1]), let year = Int(dot[2]) {
            return PublicationDate(year: year, month: month, day: day)
        }
        return nil
    }
}
