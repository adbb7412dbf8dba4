public import Foundation

/// Reads publication dates written the common ways, independent of the machine's locale (every
/// format is parsed by fixed rules, as in the POSIX locale).
///
/// ISO 8601 / RFC 3339 (`2025-09-04`, `2025-09-04T10:30:00+02:00`, a space for the `T`); RFC 2822
/// (`Thu, 04 Sep 2025 10:30:00 +0200`, zones as numbers, `GMT`, `UT`, `Z` or the US letters);
/// day-month-year or month-day-year with month names in English, French, German, Ukrainian and
/// Russian (`4 September 2025`, `Sept. 4, 2025`, `4 septembre 2025`, `4. März 2025`,
/// `4 вересня 2025 р.`); Chinese, Japanese and Korean `2025年9月4日` / `2025년 9월 4일`; and numeric
/// `2025/09/04`, `04.09.2025` and `12/20/2023 20:41:43`. A date-only value stays date-only; a zone
/// is kept as given.
public enum PublicationDateParser {
    /// Why a date string gave no date.
    public enum Failure: Error, Equatable, Sendable {
        case unrecognized
        case implausible
    }

    /// Parses `raw`; a date more than two days after `now` is implausible.
    public static func parse(_ raw: String, now: Date) -> Result<PublicationDate, Failure> {
        guard let date = recognized(raw) else { return .failure(.unrecognized) }
        if date.earliestInstant > now.addingTimeInterval(2 * 86_400) || date.year < 1800 {
            return .failure(.implausible)
        }
        return .success(date)
    }

    /// The date `raw` gives in any known format, without the plausibility check.
    public static func recognized(_ raw: String) -> PublicationDate? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        return iso8601(trimmed) ?? DateFormats.rfc2822(trimmed) ?? DateFormats.cjk(trimmed) ?? monthName(trimmed)
            ?? DateFormats.numeric(trimmed)
    }

    /// ISO 8601 / RFC 3339: `2025-09-04`, `2025-09-04T10:30:00+02:00`, a space for the `T`, a space
    /// before an offset written with or without its colon (`2023-12-20 08:57:25 -0500`), and a zone
    /// name after the time (`2024-02-06 17:55:00 UTC`, `2023-03-09T21:13:56.5Z EST`).
    public static func iso8601(_ text: String) -> PublicationDate? {
        let chars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            var value = 0
            for index in range {
                guard (48...57).contains(chars[index]) else { return nil }
                value = value * 10 + Int(chars[index] - 48)
            }
            return value
        }
        guard chars.count >= 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
        else { return nil }
        if chars.count == 10 { return PublicationDate(year: year, month: month, day: day) }
        guard chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t") || chars[10] == UInt8(ascii: " "),
            let hour = number(11..<13), chars.count > 13, chars[13] == UInt8(ascii: ":"),
            let minute = number(14..<16)
        else { return nil }
        var index = 16
        var second = 0
        var fraction = ""
        if index < chars.count, chars[index] == UInt8(ascii: ":") {
            guard let value = number((index + 1)..<(index + 3)) else { return nil }
            second = value
            index += 3
            if index < chars.count, chars[index] == UInt8(ascii: ".") || chars[index] == UInt8(ascii: ",") {
                index += 1
                let start = index
                while index < chars.count, (48...57).contains(chars[index]) { index += 1 }
                guard index > start else { return nil }
                fraction = String(decoding: chars[start..<index], as: UTF8.self)
            }
        }
        var offset: Int?
        // `2023-12-20 08:57:25 -0500`: a space before the offset.
        if index + 1 < chars.count, chars[index] == UInt8(ascii: " "),
            chars[index + 1] == UInt8(ascii: "+") || chars[index + 1] == UInt8(ascii: "-")
        {
            index += 1
        }
        if index < chars.count, chars[index] != UInt8(ascii: " ") {
            switch chars[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                offset = 0
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = chars[index] == UInt8(ascii: "-") ? -1 : 1
                guard let hours = number((index + 1)..<(index + 3)) else { return nil }
                index += 3
                if index < chars.count, chars[index] == UInt8(ascii: ":") { index += 1 }
                guard let minutes = number(index..<(index + 2)) else { return nil }
                index += 2
                offset = sign * (hours * 60 + minutes)
            default:
                return nil
            }
        }
        // A zone name after the time (`… UTC`) gives the offset when none was written; after an
        // offset (`…Z EST`) it only repeats it.
        if index < chars.count {
            guard chars[index] == UInt8(ascii: " "),
                let named = DateFormats.zoneOffset(String(decoding: chars[(index + 1)...], as: UTF8.self))
            else { return nil }
            offset = offset ?? named
            index = chars.count
        }
        let time = PublicationDate.TimeOfDay(
            hour: hour, minute: minute, second: second, fraction: fraction, utcOffsetMinutes: offset)
        return PublicationDate(year: year, month: month, day: day, time: time)
    }

    /// `4 September 2025`, `September 4, 2025`, `Sept. 4 2025`, `4. März 2025`, `4 вересня 2025 р.`:
    /// a day, a month name in one of the known languages and a year, in either order, with other
    /// words (weekdays, `le`, `р.`) ignored; a time of day among them is kept
    /// (`8:00 PM EST, Tue December 19, 2023`).
    static func monthName(_ text: String) -> PublicationDate? {
        let tokens = text.lowercased()
            .split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "." || $0 == "/" || $0 == "-" })
            .map(String.init)
        var numbers: [(index: Int, value: Int, length: Int)] = []
        var month: (index: Int, value: Int)?
        for (index, token) in tokens.enumerated() {
            if let value = Int(dayDigits(token)) {
                numbers.append((index, value, dayDigits(token).count))
            } else if month == nil, let value = DateFormats.monthNumber(token) {
                month = (index, value)
            }
        }
        guard let month, numbers.count == 2 else { return nil }
        let (first, second) = (numbers[0], numbers[1])
        // The year is the four-digit number; the other is the day.
        let (day, year): (Int, Int)
        if second.length == 4, first.length <= 2 {
            (day, year) = (first.value, second.value)
        } else if first.length == 4, second.length <= 2, first.index < month.index || second.index > month.index {
            (day, year) = (second.value, first.value)
        } else {
            return nil
        }
        let date = PublicationDate(year: year, month: month.value, day: day)
        guard let time = DateFormats.timeOfDay(in: tokens) else { return date }
        return PublicationDate(year: year, month: month.value, day: day, time: time) ?? date
    }

    /// `4th` → `4`; other tokens unchanged.
    private static func dayDigits(_ token: String) -> String {
        for suffix in ["st", "nd", "rd", "th", "er", "e"] where token.hasSuffix(suffix) {
            let digits = token.dropLast(suffix.count)
            if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) { return String(digits) }
        }
        return token.allSatisfy(\.isASCIIDigit) ? token : ""
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
