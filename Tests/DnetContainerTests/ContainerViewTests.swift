import Testing
@testable import DnetCommands

/// The `ps` columns that depend on time: go-units' `HumanDuration` and `CreatedAt`.
struct ContainerViewTests {
    @Test(arguments: [
        (0, "Less than a second"), (1, "1 second"), (45, "45 seconds"), (90, "About a minute"),
        (300, "5 minutes"), (3_599, "59 minutes"), (3_600, "About an hour"), (3 * 3_600, "3 hours"),
        (3 * 86_400, "3 days"), (15 * 86_400, "2 weeks"), (70 * 86_400, "2 months"), (800 * 86_400, "2 years"),
    ])
    func humanDurationIsGoUnits(seconds: Int, text: String) {
        #expect(ContainerViews.humanDuration(Int64(seconds) * 1_000_000_000) == text)
    }

    @Test func createdAtIsGoTimeToTheSecond() {
        // 2026-11-28T23:51:46.5Z
        #expect(ContainerViews.createdAt(1_795_909_906_500_000_000) == "2026-11-28 23:51:46 +0000 UTC")
    }
}
