public import Foundation

/// When an article was published, exactly as precise as the source said.
///
/// A date-only value stays a date (`2025-09-04`): newsdrop never invents a midnight. A value with
/// a time is RFC 3339 and keeps the zone the source gave.
public struct PublicationDate: Sendable, Equatable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    /// Hours, minutes, seconds, fraction digits and zone; `nil` for a date-only value.
    public let time: TimeOfDay?

    /// The clock part of a publication date.
    public struct TimeOfDay: Sendable, Equatable {
        public var hour: Int
        public var minute: Int
        public var second: Int
        /// Fraction-of-second digits as written, without the dot; empty when none.
        public var fraction: String
        /// Offset from UTC in minutes; `nil` when the source gave no zone.
        public var utcOffsetMinutes: Int?
    }

    /// `nil` for a day that does not exist, a year outside 1 to 9999 (what RFC 3339 can write, and
    /// what the calendar arithmetic can count without overflow), or a time out of range.
    public init?(year: Int, month: Int, day: Int, time: TimeOfDay? = nil) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilCalendar.daysIn(month: month, year: year)).contains(day)
        else {
            return nil
        }
        if let time {
            guard (0...23).contains(time.hour), (0...59).contains(time.minute), (0...60).contains(time.second) else {
                return nil
            }
            if let offset = time.utcOffsetMinutes, abs(offset) > 18 * 60 { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
        self.time = time
    }

    /// `YYYY-MM-DD`, or RFC 3339 when the time is known.
    public var description: String {
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        guard let time else { return text }
        text += "T\(pad(time.hour, 2)):\(pad(time.minute, 2)):\(pad(time.second, 2))"
        if !time.fraction.isEmpty { text += "." + time.fraction }
        switch time.utcOffsetMinutes {
        case nil: break
        case 0?: text += "Z"
        case let offset?:
            text += offset < 0 ? "-" : "+"
            text += "\(pad(abs(offset) / 60, 2)):\(pad(abs(offset) % 60, 2))"
        }
        return text
    }

    /// True when both fall on the same calendar day as written, whatever their times and zones.
    public func isSameDay(as other: PublicationDate) -> Bool {
        year == other.year && month == other.month && day == other.day
    }

    /// The same instant written with the UTC offset `minutes`; a value without a time or a zone
    /// stays as it is.
    public func converted(toOffset minutes: Int) -> PublicationDate {
        guard let time, let offset = time.utcOffsetMinutes else { return self }
        let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
        let minuteOfDay = time.hour * 60 + time.minute - offset + minutes
        let dayShift = minuteOfDay >= 0 ? minuteOfDay / 1440 : -((1439 - minuteOfDay) / 1440)
        let minute = minuteOfDay - dayShift * 1440
        let civil = CivilCalendar.civil(fromDaysSinceEpoch: days + dayShift)
        let shifted = TimeOfDay(
            hour: minute / 60, minute: minute % 60, second: time.second, fraction: time.fraction, utcOffsetMinutes: minutes)
        return PublicationDate(year: civil.year, month: civil.month, day: civil.day, time: shifted) ?? self
    }

    /// True when both name the same minute, in whatever zones they are written; false when either
    /// has no time or no zone, and so names no instant.
    public func isSameMinute(as other: PublicationDate) -> Bool {
        guard let time, time.utcOffsetMinutes != nil, let otherTime = other.time, otherTime.utcOffsetMinutes != nil else {
            return false
        }
        return Int(earliestInstant.timeIntervalSince1970) - time.second
            == Int(other.earliestInstant.timeIntervalSince1970) - otherTime.second
    }

    /// The first instant the value can mean, for plausibility checks (a date-only value at 00:00 UTC).
    public var earliestInstant: Date {
        let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
        var seconds = Double(days) * 86_400
        if let time {
            seconds += Double(time.hour * 3600 + time.minute * 60 + time.second)
            seconds -= Double((time.utcOffsetMinutes ?? 0) * 60)
        }
        return Date(timeIntervalSince1970: seconds)
    }
}

func pad(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// Proleptic Gregorian calendar arithmetic, independent of locale and time zone settings.
///
/// Written out (after Howard Hinnant's `days_from_civil`) because record timestamps are formatted
/// on the per-file hot path, where a `DateFormatter` costs more than the rest of the record.
public enum CivilCalendar {
    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func civil(fromDaysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// RFC 3339 in UTC with whole seconds: `2026-11-29T04:22:06Z`.
    public static func rfc3339UTC(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondsOfDay = total - days * 86_400
        let (year, month, day) = civil(fromDaysSinceEpoch: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2))Z"
    }
}
