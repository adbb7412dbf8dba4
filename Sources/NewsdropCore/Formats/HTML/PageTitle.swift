import Foundation

/// Chooses a page's headline from its `<h1>` elements and its metadata titles (JSON-LD
/// `headline`, `og:title`, `twitter:title`, `<title>`).
///
/// The article's own `<h1>` is the headline as readers see it, when a metadata title confirms it
/// (the two share most of their words), so that a logo or a section name in an `<h1>` is passed
/// over. Otherwise the first metadata title is used, without the segments that name the site
/// (`Headline - Agency`, `Headline | Section | Site`), and in full where another title shows it was
/// cut short with an ellipsis.
struct PageTitle {
    let headings: [String]
    let metadataTitles: [String]
    let siteNames: [String]

    /// Titles at or above this word overlap (Dice coefficient over distinct words) confirm each other.
    static let confirmingOverlap = 0.6
    /// Separators between a headline and the site's or section's name in a title.
    static let separators = [" | ", " - ", " – ", " — ", " · ", " :: ", " // ", " » "]

    var chosen: String? {
        let metadata = metadataTitles.map { HTMLEntities.decode($0) }.filter { !$0.isEmpty }
        var metadataWords: [Set<String>?] = Array(repeating: nil, count: metadata.count)
        for heading in headings where !heading.isEmpty {
            let words = Self.words(heading)
            for index in metadata.indices {
                let titleWords = metadataWords[index] ?? Self.words(metadata[index])
                metadataWords[index] = titleWords
                if Self.overlap(words, titleWords) >= Self.confirmingOverlap { return heading }
            }
        }
        guard let first = metadata.first else { return headings.first { !$0.isEmpty } }
        return completed(withoutSiteName(first), among: metadata)
    }

    /// `title` without leading or trailing segments that name the site, or that a site name contains;
    /// the separators between the segments kept stay as written.
    func withoutSiteName(_ title: String) -> String {
        var segments = Self.segments(title)
        let names = siteNames.map { Self.words($0) }.filter { !$0.isEmpty }
        func namesSite(_ segment: Substring) -> Bool {
            let words = Self.words(String(segment))
            guard !words.isEmpty else { return true }
            return names.contains { name in words.isSubset(of: name) || name.isSubset(of: words) && words.count <= name.count + 1 }
        }
        while segments.count > 1, let last = segments.last, namesSite(title[last]) { segments.removeLast() }
        while segments.count > 1, let first = segments.first, namesSite(title[first]) { segments.removeFirst() }
        guard let first = segments.first, let last = segments.last else { return title }
        return String(title[first.lowerBound..<last.upperBound])
    }

    /// `title` in full when it ends in an ellipsis and another title starts the same way.
    private func completed(_ title: String, among titles: [String]) -> String {
        var stem = Substring(title)
        if stem.hasSuffix("...") { stem = stem.dropLast(3) } else if stem.hasSuffix("…") { stem = stem.dropLast() } else { return title }
        let prefix = stem.trimmingCharacters(in: .whitespaces)
        let longer = (titles + headings).first {
            $0.count > prefix.count + 1 && $0.hasPrefix(prefix) && !$0.hasSuffix("...") && !$0.hasSuffix("…")
        }
        return longer.map { withoutSiteName($0) } ?? title
    }

    /// The ranges of a title's parts between separators, trimmed, or of the whole title.
    static func segments(_ title: String) -> [Range<String.Index>] {
        var cuts: [Range<String.Index>] = []
        for separator in separators {
            var searchStart = title.startIndex
            while let found = title.range(of: separator, range: searchStart..<title.endIndex) {
                cuts.append(found)
                searchStart = found.upperBound
            }
        }
        cuts.sort { $0.lowerBound < $1.lowerBound }
        var segments: [Range<String.Index>] = []
        var start = title.startIndex
        for cut in cuts where cut.lowerBound >= start {
            segments.append(start..<cut.lowerBound)
            start = cut.upperBound
        }
        segments.append(start..<title.endIndex)
        return segments.compactMap { range in
            let part = title[range]
            guard let first = part.firstIndex(where: { !$0.isWhitespace }), let last = part.lastIndex(where: { !$0.isWhitespace })
            else { return nil }
            return first..<title.index(after: last)
        }
    }

    /// Distinct lowercased words (letters, digits and their combining marks) of `text`, read
    /// scalar by scalar, ASCII without a property lookup.
    static func words(_ text: String) -> Set<String> {
        var words: Set<String> = []
        var current = String.UnicodeScalarView()
        func finishWord() {
            if !current.isEmpty { words.insert(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if value >= 65 && value <= 90 {
                    current.append(Unicode.Scalar(UInt8(value + 32)))
                } else if (value >= 97 && value <= 122) || (value >= 48 && value <= 57) {
                    current.append(scalar)
                } else {
                    finishWord()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || [.nonspacingMark, .spacingMark, .enclosingMark].contains(scalar.properties.generalCategory)
            {
                current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                finishWord()
            }
        }
        finishWord()
        return words
    }

    /// The Dice coefficient of two word sets.
    static func overlap(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        return Double(2 * a.intersection(b).count) / Double(a.count + b.count)
    }
}
