import Testing
@testable import DnetIPAM

struct AddressBitmapTests {
    /// The runs of `offsets`, found one offset at a time.
    private func expectedRuns(_ offsets: Set<UInt128>) -> [ClosedRange<UInt128>] {
        var runs: [ClosedRange<UInt128>] = []
        for offset in offsets.sorted() {
            if let last = runs.last, last.upperBound + 1 == offset {
                runs[runs.count - 1] = last.lowerBound...offset
            } else {
                runs.append(offset...offset)
            }
        }
        return runs
    }

    @Test func runsAcrossWordsAndChunks() {
        // Whole words, a run ending on bit 63, one starting on bit 0 of the next word, and a
        // run across the border of two 4096-bit chunks.
        var bitmap = AddressBitmap()
        var offsets = Set<UInt128>()
        for offset: UInt128 in [0, 1, 2, 63, 64, 65, 127, 200] { offsets.insert(offset) }
        for offset: UInt128 in 256...511 { offsets.insert(offset) }
        for offset: UInt128 in 4090...4100 { offsets.insert(offset) }
        offsets.insert(1 << 40)
        for offset in offsets { bitmap.insert(offset) }
        #expect(bitmap.runs() == [0...2, 63...65, 127...127, 200...200, 256...511, 4090...4100, (1 << 40)...(1 << 40)])
        #expect(bitmap.runs() == expectedRuns(offsets))
    }

    @Test func runsOfRandomSets() {
        var generator = SystemRandomNumberGenerator()
        for density in [0.05, 0.5, 0.95] {
            var bitmap = AddressBitmap()
            var offsets = Set<UInt128>()
            for offset in UInt128(0)..<9000 where Double.random(in: 0..<1, using: &generator) < density {
                offsets.insert(offset)
                bitmap.insert(offset)
            }
            #expect(bitmap.runs() == expectedRuns(offsets), "density \(density)")
        }
    }
}
