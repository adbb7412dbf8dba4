/// A fixed 64-bit hash for fingerprints that are stored and compared across runs and machines.
///
/// FNV-1a over the bytes, finished with a SplitMix64 mixer so that every output bit depends on
/// every input bit (FNV alone leaves the high bits weak, and SimHash votes on every bit). Swift's
/// `Hasher` is seeded per process and must never be used for anything persisted.
public enum StableHash {
    public static func hash64(_ bytes: some Sequence<UInt8>, seed: UInt64 = 0) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return mix(hash)
    }

    /// SplitMix64's finalizer.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
