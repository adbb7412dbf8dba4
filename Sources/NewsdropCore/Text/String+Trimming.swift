extension StringProtocol {
    /// The text without leading and trailing white space and line ends.
    ///
    /// Foundation's `trimmingCharacters(in:)` goes through NSString and costs a full copy of the
    /// text; this walks inwards from both ends and touches only the characters it removes.
    var trimmedWhitespace: Substring {
        let text = self[...]
        var start = text.startIndex
        var end = text.endIndex
        while start < end, text[start].isWhitespace { start = text.index(after: start) }
        while end > start {
            let before = text.index(before: end)
            guard text[before].isWhitespace else { break }
            end = before
        }
        return Substring(text[start..<end])
    }
}
