/// A trie over normalised scalar values that maps each lexicon word to its group (a synonym group or the
/// word alone). Edges live in one table keyed by `node << 21 | scalar`, which keeps a walk to one cheap
/// hash lookup per character and the whole trie to a few arrays.
struct WordTrie: Sendable {
    private var edges = U64Table()
    /// Group of the word ending at each node, or -1.
    private var groups: [Int32] = [-1]

    static let root: Int32 = 0

    mutating func insert(_ scalars: [UInt32], group: Int32) {
        var node = WordTrie.root
        for scalar in scalars {
            let key = UInt64(UInt32(node)) << 21 | UInt64(scalar)
            if let next = edges[key] {
                node = next
            } else {
                let next = Int32(groups.count)
                groups.append(-1)
                edges.set(key, next)
                node = next
            }
        }
        if groups[Int(node)] < 0 { groups[Int(node)] = group }
    }

    @inline(__always) func child(_ node: Int32, _ scalar: UInt32) -> Int32? {
        edges[UInt64(UInt32(node)) << 21 | UInt64(scalar)]
    }

    @inline(__always) func group(at node: Int32) -> Int32 { groups[Int(node)] }

    var isEmpty: Bool { edges.count == 0 }
}
