import CCLD2
import Foundation

/// BCP 47 language tags, as declared by inputs and as written in records.
enum LanguageTag {
    /// `en_GB`, `EN-gb` and ` en-GB ` become `en-GB`; a value that is not a tag gives `nil`.
    static func normalized(_ declared: String) -> String? {
        // A bare language code in lower case, as CLD2 answers, is already in form.
        if (2...3).contains(declared.utf8.count), declared.utf8.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) {
            return declared
        }
        let parts = declared.trimmingCharacters(in: .whitespaces)
            .split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return nil }
        var tag = first.lowercased()
        for part in parts.dropFirst() {
            guard (1...8).contains(part.count), part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { break }
            switch part.count {
            case 2 where part.allSatisfy(\.isLetter): tag += "-" + part.uppercased()
            case 4 where part.allSatisfy(\.isLetter): tag += "-" + part.prefix(1).uppercased() + part.dropFirst().lowercased()
            default: tag += "-" + part.lowercased()
            }
        }
        return tag
    }
}

/// Finds an article's language with CLD2 when the input does not declare one.
enum LanguageDetector {
    struct Detection: Equatable {
        var code: String?
        /// A `parse.warnings` entry when the answer is missing or unsure.
        var remark: String?
    }

    /// The text CLD2 sees is capped: the first 1 KB (some 150 words) names the language as surely as
    /// the whole article, at a fraction of the cost.
    static let sampleBytes = 1_024

    /// CLD2's cost grows with its input, so it first reads a quick sample. Its answer stands when
    /// CLD2 calls it reliable and gives it at least `quickShare` percent of the sample; otherwise
    /// the full sample decides. On the 2,730 BBC, Ukrainian and multilingual benchmark texts of
    /// the test corpus the quick answer, whenever it stands, is the full sample's.
    static let quickSampleBytes = 256
    static let quickShare: Int32 = 80

    /// Detects the language of the title and text; `quickSample: false` always reads the full
    /// sample (for tests that compare the two).
    static func detect(title: String?, text: String, quickSample: Bool = true) -> Detection {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sampleBytes + 1)
        if var title {
            title.withUTF8 { bytes.append(contentsOf: $0.prefix(sampleBytes)) }
            bytes.append(0x0A)
        }
        // One byte past the sample (the title is at most that long), so that a cut inside a
        // character can be seen.
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0.prefix(sampleBytes + 1 - bytes.count)) }
        guard !bytes.isEmpty else { return Detection(code: nil, remark: "language could not be detected; language is null") }
        var result = cld2(bytes, upTo: quickSample ? quickSampleBytes : sampleBytes)
        if quickSample, bytes.count > quickSampleBytes, result.reliable == 0 || result.percent < quickShare {
            result = cld2(bytes, upTo: sampleBytes)
        }
        let code = result.code.map { String(cString: $0) } ?? "un"
        // CLD2 answers "en" with 0 percent when it scored no text at all.
        guard code != "un", code != "xxx", result.percent > 0 else {
            return Detection(code: nil, remark: "language could not be detected; language is null")
        }
        let tag = LanguageTag.normalized(code) ?? code
        if result.reliable == 0 {
            return Detection(code: tag, remark: "language detected as \(tag) with low confidence; declare the language to be sure")
        }
        return Detection(code: tag, remark: nil)
    }

    /// CLD2's answer for the first `limit` bytes, cut back to a character boundary.
    private static func cld2(_ bytes: [UInt8], upTo limit: Int) -> newsdrop_cld2_result {
        var count = min(limit, bytes.count)
        if count < bytes.count {
            // Drop a UTF-8 sequence that the cut would split.
            while count > 0, bytes[count] & 0xC0 == 0x80 { count -= 1 }
        }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: count) { newsdrop_cld2_detect($0, Int32(count)) }
        }
    }
}
