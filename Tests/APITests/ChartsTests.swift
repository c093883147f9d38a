import Domain
import Foundation
import Testing

@testable import Web

/// The insights charts' count axis: whole numbers on every gridline, each line drawn where its number is.
@Suite struct ChartsTests {
    /// (label, y) of each gridline, bottom first.
    func gridlines(_ svg: String) -> [(label: Int, y: Double)] {
        svg.matches(of: /<line [^>]*y1="([0-9.]+)"[^>]*class="grid"\/><text [^>]*>([0-9]+)<\/text>/).map { (Int($0.2)!, Double($0.1)!) }
    }

    /// The top of each failure bar (`y`), in week order.
    func failureTops(_ svg: String) -> [Double] {
        svg.matches(of: /<rect [^>]*y="([0-9.]+)"[^>]*class="bar-failure"\/>/).map { Double($0.1)! }
    }

    @Test func aLargestCountOfThreeGetsALineAtEveryWholeNumberAndTheBarsMeetThem() {
        let monday = Date(timeIntervalSince1970: 1_795_392_000)
        let weeks = [
            Insights.Week(start: monday, failures: 3, reflectionsCompleted: 0),
            Insights.Week(start: monday.addingTimeInterval(604_800), failures: 2, reflectionsCompleted: 1),
        ]

        let svg = Charts.weekly(weeks, id: "w")
        let lines = gridlines(svg)
        let tops = failureTops(svg)

        #expect(lines.map(\.label) == [0, 1, 2, 3])
        #expect(tops.count == 2)
        #expect(abs(tops[0] - lines[3].y) < 0.001, "the bar of 3 reaches the line labelled 3")
        #expect(abs(tops[1] - lines[2].y) < 0.001, "the bar of 2 reaches the line labelled 2")
    }

    @Test func theAxisStepsByOneTwoOrFiveTimesAPowerOfTenInAtMostFourSteps() {
        let expected: [Int: (top: Int, step: Int)] = [
            0: (1, 1), 1: (1, 1), 3: (3, 1), 4: (4, 1), 5: (6, 2), 7: (8, 2), 9: (10, 5), 10: (10, 5), 11: (15, 5),
            21: (30, 10), 41: (60, 20), 99: (100, 50), 101: (150, 50), 12_345: (15_000, 5_000),
        ]
        for (largest, axis) in expected {
            let got = Charts.countAxis(largest: largest)
            #expect(got.top == axis.top && got.step == axis.step, "largest \(largest): \(got)")
        }
        for largest in [0, 1, 2, 3, 17, 999, 1_000_001, Int.max / 3, Int.max] {
            let axis = Charts.countAxis(largest: largest)
            #expect(axis.top >= largest && axis.top % axis.step == 0 && axis.top / axis.step <= 4, "largest \(largest): \(axis)")
        }
    }
}
