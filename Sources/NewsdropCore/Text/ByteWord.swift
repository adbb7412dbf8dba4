/// Eight bytes of text tested at once, packed in a `UInt64` (SWAR). The general tests give a
/// mask that is nonzero exactly when some byte of the word passes (a borrow may flag a byte next
/// to the one that does, so callers look at a flagged word byte by byte when they need to know
/// which); the `inASCII` test, for words without a byte from 0x80 on, flags exactly the bytes
/// that pass.
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes of `utf8` from `index` on (at least eight must be left).
    @inline(__always)
    static func load(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UnsafeRawBufferPointer(utf8).loadUnaligned(fromByteOffset: index, as: UInt64.self)
    }

    /// Nonzero when some byte of `word` is below `bound` (at most 0x80).
    @inline(__always)
    static func below(_ bound: UInt8, in word: UInt64) -> UInt64 {
        (word &- ones &* UInt64(bound)) & ~word & highs
    }

    /// The top bit of exactly those bytes of `word` that equal `byte`, when every byte of `word`
    /// is below 0x80 (no sum then carries into the next byte).
    @inline(__always)
    static func equal(to byte: UInt8, inASCII word: UInt64) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return ~((difference &+ ones &* 0x7F) | difference) & highs
    }

    /// Nonzero when some byte of `word` equals `byte`: a zero byte of the word XORed with it.
    @inline(__always)
    static func equal(to byte: UInt8, in word: UInt64) -> UInt64 {
        below(1, in: word ^ (ones &* UInt64(byte)))
    }
}
