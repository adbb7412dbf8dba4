public import Foundation

/// Reads publication dates written the common ways, independent of the machine's locale.
///
/// ISO 8601 / RFC 3339 (`2025-09-04`, `2025-09-04T10:30:00+02:00`, a space for the `T`), and
/// English day-month-year or month-day-year with full or abbreviated month names
/// (`4 September 2025`, `Sept. 4, 2025`).
public enum PublicationDateParser {
    /// Why a date string gave no date.
    public enum Failure: Error, Equatable, Sendable {
        case unrecognized
        case implausible
    }

    /// Parses `raw`; a date more than two days after `now` is implausible.
    public static func parse(_ raw: String, now: Date) -> Result<PublicationDate, Failure> {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard let date = iso8601(trimmed) ?? monthName(trimmed) else { return .failure(.unrecognized) }
        if date.earliestInstant > now.addingTimeInterval(2 * 86_400) || date.year < 1800 {
            return .failure(.implausible)
        }
        return .success(date)
    }

    /// ISO 8601 / RFC 3339 only: `2025-09-04`, `2025-09-04T10:30:00+02:00`, a space for the `T`.
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
        if index < chars.count {
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
        guard index == chars.count else { return nil }
        let time = PublicationDate.TimeOfDay(
            hour: hour, minute: minute, second: second, fraction: fraction, utcOffsetMinutes: offset)
        return PublicationDate(year: year, month: month, day: day, time: time)
    }

    private static let englishMonths: [String: Int] = {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december"]
        var table: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["sept"] = 9
        return table
    }()

    /// `4 September 2025`, `September 4, 2025`, `Sept. 4 2025`, optionally after a weekday.
    static func monthName(_ text: String) -> PublicationDate? {
        let tokens = text.lowercased()
            .split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "." })
            .map(String.init)
            .filter { !["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
                        "thursday", "friday", "saturday", "sunday"].contains($0) }
        guard tokens.count == 3 else { return nil }
        func dayNumber(_ token: String) -> Int? {
            Int(token.replacingOccurrences(of: #"(st|nd|rd|th)$"#, with: "", options: .regularExpression))
        }
        if let day = dayNumber(tokens[0]), let month = englishMonths[tokens[1]], let year = Int(tokens[2]) {
            return PublicationDate(year: year, month: month, day: day)
        }
        if let month = englishMonths[tokens[0]], let day = dayNumber(tokens[1]), let year = Int(tokens[2]) {
            return PublicationDate(year: year, month: month, day: day)
        }
        return nil
    }
}
