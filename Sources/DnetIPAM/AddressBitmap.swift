/// A set of address offsets, stored as 4096-bit chunks that exist only while they hold a member.
///
/// Memory follows what is used, not the size of the subnet, so an IPv6 /64 costs nothing
/// until addresses are handed out, and a full IPv4 /8 costs 2 MiB.
struct AddressBitmap: Hashable, Sendable {
    static let chunkShift: UInt128 = 12
    static let chunkBits = 1 << 12
    static let wordsPerChunk = chunkBits / 64

    struct Chunk: Hashable, Sendable {
        var words = [UInt64](repeating: 0, count: AddressBitmap.wordsPerChunk)
        var count = 0
    }

    private(set) var chunks: [UInt128: Chunk] = [:]
    private(set) var count = 0

    func contains(_ offset: UInt128) -> Bool {
        guard let chunk = chunks[offset >> Self.chunkShift] else { return false }
        let bit = Int(truncatingIfNeeded: offset) & (Self.chunkBits - 1)
        return chunk.words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// Adds `offset`; false when it was already present.
    @discardableResult
    mutating func insert(_ offset: UInt128) -> Bool {
        let bit = Int(truncatingIfNeeded: offset) & (Self.chunkBits - 1)
        let mask: UInt64 = 1 << UInt64(bit & 63)
        // One in-place access through `default:`: the chunk's words are not copied.
        let added = AddressBitmap.set(&chunks[offset >> Self.chunkShift, default: Chunk()], word: bit >> 6, mask: mask)
        if added { count += 1 }
        return added
    }

    private static func set(_ chunk: inout Chunk, word: Int, mask: UInt64) -> Bool {
        guard chunk.words[word] & mask == 0 else { return false }
        chunk.words[word] |= mask
        chunk.count += 1
        return true
    }

    /// Removes `offset`; false when it was absent.
    @discardableResult
    mutating func remove(_ offset: UInt128) -> Bool {
        let key = offset >> Self.chunkShift
        guard var chunk = chunks[key] else { return false }
        let bit = Int(truncatingIfNeeded: offset) & (Self.chunkBits - 1)
        let mask: UInt64 = 1 << UInt64(bit & 63)
        guard chunk.words[bit >> 6] & mask != 0 else { return false }
        chunks[key] = nil   // so `chunk` is the only reference and is changed in place
        chunk.words[bit >> 6] &= ~mask
        chunk.count -= 1
        // An empty chunk is dropped, so that equal sets compare equal.
        if chunk.count > 0 { chunks[key] = chunk }
        count -= 1
        return true
    }

    /// The lowest offset in `range` that is not in the set, or nil when all are.
    func firstAbsent(in range: ClosedRange<UInt128>) -> UInt128? {
        var offset = range.lowerBound
        while offset <= range.upperBound {
            let key = offset >> Self.chunkShift
            let chunkStart = key << Self.chunkShift
            guard let chunk = chunks[key] else { return offset }
            if chunk.count < Self.chunkBits {
                var bit = Int(offset - chunkStart)
                while bit < Self.chunkBits {
                    // Treat the bits below `bit` in this word as taken.
                    let word = chunk.words[bit >> 6] | ((1 << UInt64(bit & 63)) - 1)
                    if word != ~0 {
                        let free = chunkStart + UInt128((bit & ~63) + (~word).trailingZeroBitCount)
                        return free <= range.upperBound ? free : nil
                    }
                    bit = (bit & ~63) + 64
                }
            }
            let lastOfChunk = chunkStart | UInt128(Self.chunkBits - 1)
            guard lastOfChunk < range.upperBound else { return nil }
            offset = lastOfChunk + 1
        }
        return nil
    }

    /// The members in ascending order, as maximal runs of consecutive offsets.
    func runs() -> [ClosedRange<UInt128>] {
        var result: [ClosedRange<UInt128>] = []
        for key in chunks.keys.sorted() {
            let chunk = chunks[key]!
            let chunkStart = key << Self.chunkShift
            for (index, word) in chunk.words.enumerated() where word != 0 {
                // A run of ones at a time, not a bit at a time: the network's record is
                // encoded on every join, and a full word is one step, not 64.
                var bits = word
                while bits != 0 {
                    let start = bits.trailingZeroBitCount
                    let length = (~(bits >> UInt64(start))).trailingZeroBitCount
                    let first = chunkStart + UInt128(index * 64 + start)
                    let last = first + UInt128(length - 1)
                    if let previous = result.last, previous.upperBound &+ 1 == first {
                        result[result.count - 1] = previous.lowerBound...last
                    } else {
                        result.append(first...last)
                    }
                    guard start + length < 64 else { break }
                    bits &= ~((1 << UInt64(start + length)) - 1)
                }
            }
        }
        return result
    }

    /// Adds every offset of `run`, a word at a time.
    mutating func insert(run: ClosedRange<UInt128>) {
        var offset = run.lowerBound
        while true {
            let key = offset >> Self.chunkShift
            let chunkStart = key << Self.chunkShift
            let last = min(chunkStart | UInt128(Self.chunkBits - 1), run.upperBound)
            let added = AddressBitmap.fill(&chunks[key, default: Chunk()],
                                           from: Int(offset - chunkStart), through: Int(last - chunkStart))
            count += added
            guard last < run.upperBound else { return }
            offset = last + 1
        }
    }

    private static func fill(_ chunk: inout Chunk, from lo: Int, through hi: Int) -> Int {
        let before = chunk.count
        var bit = lo
        while bit <= hi {
            let width = min(64 - (bit & 63), hi - bit + 1)
            let mask: UInt64 = (width == 64 ? ~0 : (1 << UInt64(width)) - 1) << UInt64(bit & 63)
            chunk.count += (mask & ~chunk.words[bit >> 6]).nonzeroBitCount
            chunk.words[bit >> 6] |= mask
            bit += width
        }
        return chunk.count - before
    }
}
