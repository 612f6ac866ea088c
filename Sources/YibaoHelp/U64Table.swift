/// A hash table from 64-bit keys to `Int32` values with open addressing and a multiplicative hash.
///
/// Term keys and trie edges are already well-mixed integers, so the standard library's seeded SipHash is
/// wasted work on the analyser's hot path (one lookup per character); this table hashes with one multiply.
/// `UInt64.max` marks an empty slot and is never a key (term keys and edge keys stay below it).
struct U64Table: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    static let empty = UInt64.max

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: U64Table.empty, count: capacity)
        values = [Int32](repeating: 0, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always) subscript(key: UInt64) -> Int32? {
        let mask = keys.count - 1
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == U64Table.empty { return nil }
            i = (i + 1) & mask
        }
    }

    @inline(__always) func contains(_ key: UInt64) -> Bool { self[key] != nil }

    /// Sets the value of a key (inserting it when new).
    mutating func set(_ key: UInt64, _ value: Int32) {
        precondition(key != U64Table.empty, "UInt64.max is the empty marker")
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = slot(key)
        while keys[i] != U64Table.empty && keys[i] != key { i = (i + 1) & mask }
        if keys[i] == U64Table.empty { count += 1 }
        keys[i] = key
        values[i] = value
    }

    /// Empties the table and keeps its capacity (a per-article scratch table is reused this way).
    mutating func removeAll() {
        guard count > 0 else { return }
        for i in keys.indices { keys[i] = U64Table.empty }
        count = 0
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        self = U64Table(minimumCapacity: oldKeys.count)
        for (i, k) in oldKeys.enumerated() where k != U64Table.empty { set(k, oldValues[i]) }
    }

    /// Every key with its value, in no particular order.
    var entries: [(key: UInt64, value: Int32)] {
        keys.indices.compactMap { keys[$0] == U64Table.empty ? nil : (keys[$0], values[$0]) }
    }
}
