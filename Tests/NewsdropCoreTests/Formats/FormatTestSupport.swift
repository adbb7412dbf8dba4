import Foundation
import NewsdropCore
import Testing

/// Parses text or bytes the way the daemon does, at a fixed `now`.
enum Parse {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func all(_ text: String, name: String = "input") throws -> ParsedFile {
        try all(Array(text.utf8), name: name)
    }

    static func all(_ bytes: [UInt8], name: String = "input") throws -> ParsedFile {
        try ArticleParser().parseAll(bytes, file: FileFacts(name: name, modified: now), now: now)
    }

    static func one(_ text: String, name: String = "input") throws -> ArticleRecord {
        let parsed = try all(text, name: name)
        #expect(parsed.records.count == 1)
        return parsed.records[0]
    }

    /// The rejection a file gets, or `nil` when it parses.
    static func rejection(_ bytes: [UInt8], name: String = "input") -> RejectionError? {
        do {
            _ = try ArticleParser().parseAll(bytes, file: FileFacts(name: name, modified: now), now: now)
            return nil
        } catch {
            return error
        }
    }
}

/// A paragraph long enough that language detection is sure of it.
let englishParagraph = """
    The city council voted on Tuesday to expand the bus network into the northern suburbs, \
    after months of debate over the cost of new routes and the drivers needed to run them.
    """

/// `text` in a legacy charset, through glibc's iconv, for inputs that are not UTF-8.
func encoded(_ text: String, as charset: String) throws -> [UInt8] {
    let converter = iconv_open(charset, "UTF-8")
    guard converter != iconv_t(bitPattern: -1) else { throw EncodingFailure(charset: charset) }
    defer { iconv_close(converter) }
    var input = Array(text.utf8).map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: input.count * 4 + 16)
    var inLeft = input.count
    var outLeft = output.count
    let status = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            var inPointer = inBuffer.baseAddress
            var outPointer = outBuffer.baseAddress
            return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
        }
    }
    guard status != -1 else { throw EncodingFailure(charset: charset) }
    return output.prefix(output.count - outLeft).map { UInt8(bitPattern: $0) }
}

/// `text` could not be written in `charset`.
struct EncodingFailure: Error {
    let charset: String
}
