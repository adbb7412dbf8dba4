import Testing

@testable import NewsdropCore

@Suite("Counting control characters eight bytes at a time")
struct ControlShareTests {
    /// The count byte by byte, as the rule reads.
    static func reference(_ bytes: [UInt8]) -> (controls: Int, characters: Int) {
        let controls = bytes.filter { ($0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains($0)) || $0 == 0x7F }.count
        return (controls, bytes.filter { $0 & 0xC0 != 0x80 }.count)
    }

    @Test("agrees with counting byte by byte on random bytes of every length up to 40, and on text")
    func agreesWithReference() {
        var generator = SplitMix64(seed: 7)
        var samples: [[UInt8]] = [Array("Plain text, «quoted», київ — and a tab\there.\r\n".utf8), Array(repeating: 0x7F, count: 17)]
        for length in 0...40 {
            for _ in 0..<50 {
                // Mostly the bytes around the boundaries: controls, 0x20, 0x7F, 0x80, 0xC0.
                let alphabet: [UInt8] = [
                    0x00, 0x01, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x20, 0x21, 0x41, 0x7E, 0x7F, 0x80, 0xBF, 0xC0, 0xD0, 0xE2, 0xFF,
                ]
                samples.append((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            }
        }
        for bytes in samples {
            let counted = bytes.withUnsafeBufferPointer { TextDecoding.controlShare(in: $0) }
            let expected = Self.reference(bytes)
            #expect(counted.controls == expected.controls && counted.characters == expected.characters, "\(bytes)")
        }
    }
}

/// A seeded generator, so that a failing sample comes back on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
