import PanoramaModel
import Testing

@Suite struct ValueTests {
    @Test func parsesOffsets() {
        #expect(UTCOffset(text: "+08:00")?.seconds == 28_800)
        #expect(UTCOffset(text: "-05:30")?.seconds == -19_800)
        #expect(UTCOffset(text: "+0800")?.seconds == 28_800)
        #expect(UTCOffset(text: "Z")?.seconds == 0)
        #expect(UTCOffset(text: "+15:00") == nil)
        #expect(UTCOffset(text: "08:00") == nil)
        #expect(UTCOffset(seconds: -19_800).description == "-05:30")
    }

    @Test func packsInteractionRecords() {
        let call = InteractionRecord(
            owner: 7, other: 3 | InteractionRecord.externalPartyFlag, time: 1_793_491_200, kind: .voice,
            outgoing: true, duration: 125)
        #expect(call.duration == 125)
        #expect(call.kind == .voice)
        #expect(call.isOutgoing)
        #expect(call.otherIsExternal)
        #expect(call.otherIndex == 3)
        let text = InteractionRecord(owner: 1, other: 2, time: 0, kind: .sms, outgoing: false, duration: 0)
        #expect(text.kind == .sms)
        #expect(!text.isOutgoing)
        #expect(!text.otherIsExternal)
        #expect(MemoryLayout<InteractionRecord>.stride == 16)
        #expect(MemoryLayout<LocationRecord>.stride == 12)
    }

    @Test func measuresDistances() {
        let tianhe = Coordinate(latitude: 23.13, longitude: 113.32)
        let oneDegreeNorth = Coordinate(latitude: 24.13, longitude: 113.32)
        #expect(abs(tianhe.distance(to: oneDegreeNorth) - 111_195) < 10)
        #expect(tianhe.distance(to: tianhe) == 0)
        #expect(!Coordinate(latitude: 91, longitude: 0).isValid)
    }

    @Test func orderingOfRegionLevels() {
        #expect(RegionLevel.branch < RegionLevel.cell)
        #expect(RegionLevel.store.parent == .area)
        #expect(RegionLevel.branch.parent == nil)
    }
}

@Suite struct GroupingTests {
    @Test func groupsThousands() {
        #expect(0.grouped == "0")
        #expect(999.grouped == "999")
        #expect(1000.grouped == "1,000")
        #expect(147_682.grouped == "147,682")
        #expect((-1_234_567).grouped == "-1,234,567")
    }
}

struct RegionPathTests {
    @Test func aRegionsPathRunsFromItsBranchDownToIt() {
        let regions = [
            Region(id: "ST-1", name: "Store", level: .store, parent: "AR-1"),
            Region(id: "AR-1", name: "Area", level: .area, parent: "MC-1"),
            Region(id: "MC-1", name: "Center", level: .center, parent: "BR-1"),
            Region(id: "BR-1", name: "Branch", level: .branch, parent: nil),
            Region(id: "ST-9", name: "Lost store", level: .store, parent: "AR-404"),
            Region(id: "A", name: "Cycle", level: .area, parent: "B"),
            Region(id: "B", name: "Cycle", level: .center, parent: "A"),
        ]
        let paths = Region.paths(of: regions)
        #expect(paths["ST-1"] == "BR-1/MC-1/AR-1/ST-1")
        #expect(paths["BR-1"] == "BR-1")
        #expect(paths["ST-9"] == "ST-9", "an unknown parent ends the path")
        #expect(paths["A"] == "B/A/B/A/B/A/B/A", "a cycle stops after eight levels")
    }
}
