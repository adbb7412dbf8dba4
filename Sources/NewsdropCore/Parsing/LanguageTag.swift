import Foundation

import CCLD2

/// BCP 47 language tags, as declared by inputs and as written in records.
enum LanguageTag {
    /// `en_GB`, `EN-gb` and ` en-GB ` become `en-GB`; a value that is not a tag gives `nil`.
    static func normalized(_ declared: String) -> String? {
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

    static func detect(title: String?, text: String) -> Detection {
        let sample = (title.map { $0 + "\n" } ?? "") + text
        var bytes = Array(sample.utf8.prefix(sampleBytes))
        if bytes.count == sampleBytes {
            // Cut at a character boundary: drop a trailing partial UTF-8 sequence.
            while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
            if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
        }
        guard !bytes.isEmpty else { return Detection(code: nil, remark: "language could not be detected; language is null") }
        let result = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                newsdrop_cld2_detect($0, Int32(buffer.count))
            }
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
}
