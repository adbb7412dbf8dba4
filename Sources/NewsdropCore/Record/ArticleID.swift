public import Crypto
public import Foundation

/// The identity of an article: the first 128 bits of SHA-256 over its canonical text.
///
/// The same article gets the same id on every run and every machine. Its text form is
/// 32 lowercase hex digits.
public struct ArticleID: Hashable, Sendable, CustomStringConvertible {
    /// The id as a 128-bit number, big-endian over the digest's first 16 bytes.
    public let value: UInt128

    public init(value: UInt128) {
        self.value = value
    }

    /// The id of an article whose canonical text is `canonicalText`.
    public init(canonicalText: String) {
        var text = canonicalText
        self = text.withUTF8 { ArticleID(canonicalBytes: $0) }
    }

    /// The id of an article whose canonical text has the UTF-8 bytes `canonicalBytes`.
    init(canonicalBytes: UnsafeBufferPointer<UInt8>) {
        self.init(digestPrefixOf: SHA256.hash(data: UnsafeRawBufferPointer(canonicalBytes)))
    }

    init(digestPrefixOf digest: SHA256.Digest) {
        // The digest's bytes in place: iterating it copies them into an array first.
        value = digest.withUnsafeBytes { bytes in bytes.prefix(16).reduce(0) { $0 << 8 | UInt128($1) } }
    }

    /// Parses the 32-hex-digit text form; `nil` for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 32 else { return nil }
        var value: UInt128 = 0
        for byte in utf8 {
            guard let nibble = HexDigits.value(of: byte) else { return nil }
            value = value << 4 | UInt128(nibble)
        }
        self.value = value
    }

    public var description: String {
        withUnsafeBytes(of: value.bigEndian) { HexDigits.encode($0) }
    }
}

/// Lowercase hexadecimal digits, both ways: ids, hashes, fingerprints and inbox names not in UTF-8.
package enum HexDigits {
    package static let lowercase: [UInt8] = Array("0123456789abcdef".utf8)

    package static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: 2 * bytes.count) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = lowercase[Int(byte >> 4)]
                out[2 * index + 1] = lowercase[Int(byte & 0xF)]
            }
            return 2 * bytes.count
        }
    }
}

extension HexDigits {
    /// Appends the two digits of each byte to `output`.
    package static func append(_ bytes: some Sequence<UInt8>, to output: inout [UInt8]) {
        for byte in bytes {
            output.append(lowercase[Int(byte >> 4)])
            output.append(lowercase[Int(byte & 0xF)])
        }
    }

    /// The bytes an even number of hex digits spell; `nil` for anything else.
    package static func decode(_ digits: some Collection<UInt8>) -> [UInt8]? {
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var high: UInt8?
        for digit in digits {
            guard let nibble = value(of: digit) else { return nil }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}

/// SHA-256 of raw bytes in lowercase hex, as `source_file.sha256` carries it.
public func sha256Hex(_ bytes: some DataProtocol) -> String {
    SHA256.hash(data: bytes).withUnsafeBytes { HexDigits.encode($0) }
}
