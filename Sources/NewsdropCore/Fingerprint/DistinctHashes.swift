/// A set of 64-bit hashes that keeps their first-occurrence order: open addressing on the low
/// bits, which are uniformly spread already. Zero marks a free slot and is tracked on its own.
struct DistinctHashes {
    private var slots: [UInt64]
    private var mask: Int
    private var sawZero = false
    private(set) var inOrder: [UInt64] = []

    init(expected: Int) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        inOrder.reserveCapacity(expected)
    }

    mutating func insert(_ hash: UInt64) {
        if hash == 0 {
            if !sawZero { inOrder.append(0) }
            sawZero = true
            return
        }
        if inOrder.count * 2 >= slots.count { grow() }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let held = slots[slot]
            if held == hash { return }
            if held == 0 { break }
            slot = (slot + 1) & mask
        }
        slots[slot] = hash
        inOrder.append(hash)
    }

    /// True when the set holds `hash`.
    func contains(_ hash: UInt64) -> Bool {
        if hash == 0 { return sawZero }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let held = slots[slot]
            if held == hash { return true }
            if held == 0 { return false }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for hash in inOrder where hash != 0 {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash
        }
    }
}
