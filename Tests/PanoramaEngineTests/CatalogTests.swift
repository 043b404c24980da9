import Testing

@testable import PanoramaEngine

@Suite struct CatalogTests {
    /// A minimal valid catalog with one extra rule text appended.
    static func catalog(_ tags: String) -> String {
        """
        version: 1
        tags:
          - path: region/home/{region}
            source: anchor
            anchor: home
        \(tags)
        """
    }

    func problems(_ text: String) -> [CatalogProblem] {
        do {
            _ = try CatalogParser.parse(text, file: "test.yaml")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func defaultCatalogCoversEveryExampleOfTheProduct() throws {
        let catalog = try DefaultCatalog.load()
        let paths = Set(catalog.rules.map(\.path.text))
        for expected in [
            "demographic/occupation/college_student", "demographic/occupation/white_collar", "demographic/family/parent",
            "demographic/occupation/civil_servant", "demographic/occupation/factory_worker", "demographic/income/{place.price_tier}",
            "preference/{event.category}", "preference/health/child", "preference/health/maternity", "behaviour/commute/subway",
            "behaviour/commute/bus", "behaviour/family/school_run", "behaviour/nightlife/night_owl", "region/home/{region}",
            "region/work/{region}",
        ] {
            #expect(paths.contains(expected), "missing \(expected)")
        }
        #expect(Set(catalog.rules.map(\.path.dimension)) == Set(TagDimension.allCases))
        for rule in catalog.rules where rule.path.placeholder == nil {
            #expect(rule.path.text.split(separator: "/").count >= 3, "\(rule.path.text) has fewer than three levels")
        }
        #expect(catalog.evaluationOrder.count == catalog.rules.count)
        let parent = try #require(catalog.evaluationOrder.firstIndex { catalog.rules[$0].path.text == "demographic/family/parent" })
        let schoolRun = try #require(catalog.evaluationOrder.firstIndex { catalog.rules[$0].path.text == "behaviour/family/school_run" })
        #expect(schoolRun < parent, "a tag must be evaluated after the tags it requires")
    }

    @Test func unknownPlaceTypeIsReportedAtItsLine() {
        let found = problems(Self.catalog("""
              - path: preference/sport/stadium_goer
                source: visit
                place_types: [stadum]
            """))
        #expect(found.count == 1)
        #expect(found.first?.line == 8)
        #expect(found.first?.message.contains("unknown place type 'stadum'") == true)
    }

    @Test func fallbackPlaceTypesAreReadAndCheckedAtTheirLine() throws {
        #expect(try DefaultCatalog.load().work.fallbackPlaceTypes == [.shoppingMall, .cinema, .commercialStreet, .wholesaleMarket])
        #expect(try DefaultCatalog.load().home.fallbackPlaceTypes == [])
        let text = DefaultCatalog.text.replacingOccurrences(
            of: "fallback_place_types: [shopping_mall, cinema, commercial_street, wholesale_market]",
            with: "fallback_place_types: [shoping_mall]")
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.line == text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("shoping_mall") }.map { $0 + 1 })
        #expect(found.first?.message.contains("unknown place type 'shoping_mall'") == true)
    }

    @Test func placeShareIsReadForVisitsAndEventsAndRefusedForRides() throws {
        let parsed = try CatalogParser.parse(Self.catalog("""
              - path: preference/health/general
                source: visit
                place_types: [general_hospital]
                min_place_share: 0.3
              - path: preference/{event.category}
                source: event
                min_place_share: 0.25
            """), file: "test.yaml")
        #expect(parsed.rules.map(\.minimumPlaceShare) == [0, 0.3, 0.25])
        let found = problems(Self.catalog("""
              - path: behaviour/commute/subway
                source: ride
                place_types: [subway_station]
                min_place_share: 0.3
            """))
        #expect(found.count == 1)
        #expect(found.first?.line == 9)
        #expect(found.first?.message == "'min_place_share' has no meaning for a rule with source ride")
    }

    @Test func longStayEndsAreASwitchOfRideRules() throws {
        let rules = try DefaultCatalog.load().rules
        let subway = try #require(rules.first { $0.path.text == "behaviour/commute/subway" })
        let bus = try #require(rules.first { $0.path.text == "behaviour/commute/bus" })
        #expect(subway.longStayEnds && bus.longStayEnds)
        #expect(subway.walkSpeed == 6 && bus.walkSpeed == 6)
        #expect(subway.longStayMaximumSpeed == nil && bus.longStayMaximumSpeed == 12, "a bus timed from home includes the walk and the wait")
        let found = problems(Self.catalog("""
              - path: behaviour/commute/subway
                source: ride
                place_types: [subway_station]
                long_stay_ends: sometimes
              - path: preference/health/general
                source: visit
                place_types: [general_hospital]
                long_stay_ends: true
              - path: behaviour/commute/bus
                source: ride
                place_types: [bus_stop]
                walk_speed: 6km/h
                long_stay_max_speed: fast
            """))
        #expect(found.map(\.line) == [9, 13, 17, 18, 18])
        #expect(found.map(\.message) == [
            "long_stay_ends must be true or false", "'long_stay_ends' has no meaning for a rule with source visit",
            "'walk_speed' applies to rides with a long-stay end; add 'long_stay_ends: true'",
            "long_stay_max_speed must be a speed such as 20km/h, not 'fast'",
            "'long_stay_max_speed' applies to rides with a long-stay end; add 'long_stay_ends: true'",
        ])
    }

    @Test func habitsAndOffDaysAreKeysOfVisitRules() throws {
        let rules = try DefaultCatalog.load().rules
        let nightOwl = try #require(rules.first { $0.path.text == "behaviour/nightlife/night_owl" })
        let schoolRun = try #require(rules.first { $0.path.text == "behaviour/family/school_run" })
        #expect(nightOwl.habit && !schoolRun.habit)
        #expect(schoolRun.maximumOffDayRatio == 0.5 && nightOwl.maximumOffDayRatio == nil)
        let found = problems(Self.catalog("""
              - path: behaviour/nightlife/night_owl
                source: visit
                place_types: [bar]
                habit: often
              - path: behaviour/family/school_run
                source: visit
                place_types: [kindergarten]
                max_off_day_ratio: -1
              - path: behaviour/family/pick_up
                source: visit
                place_types: [kindergarten]
                max_off_day_ratio: 0.5
                habit: true
                outside_anchors: false
              - path: behaviour/commute/bus
                source: ride
                place_types: [bus_stop]
                habit: true
              - path: preference/expo/{event.category}
                source: event
                max_off_day_ratio: 0.5
              - path: behaviour/nightlife/weeknight_owl
                source: visit
                place_types: [bar]
                days: weekdays
                window: "22:00-02:00"
                max_off_day_ratio: 0.5
            """))
        #expect(found.map(\.line) == [9, 13, 17, 18, 23, 26, 32])
        #expect(found.map(\.message) == [
            "habit must be true or false", "max_off_day_ratio must be a number of 0 or more, such as 0.5",
            "max_off_day_ratio compares the rule's days with the other days of the week; give 'days', such as weekdays",
            "'habit' narrows what 'outside_anchors' leaves out to the cells slept or worked in; with 'outside_anchors: false' it has no meaning",
            "'habit' has no meaning for a rule with source ride", "'max_off_day_ratio' has no meaning for a rule with source event",
            "max_off_day_ratio reads a stay by the day it is on, so a window past midnight would count Friday night's small hours as Saturday's; end the window by 24:00",
        ])
    }

    /// The settings that switch a reading of the records on or off: on in the built-in
    /// catalog, and anything but true or false is refused at its line.
    @Test(arguments: ["one_place_per_stay", "night_work", "home_at_work"])
    func switchesAreOnInTheBuiltInCatalogAndTakeTrueOrFalse(key: String) throws {
        let settings = try DefaultCatalog.load().settings
        let builtIn = ["one_place_per_stay": settings.onePlacePerStay, "night_work": settings.nightWork, "home_at_work": settings.homeAtWork]
        #expect(builtIn[key] == true)
        let text = DefaultCatalog.text.replacingOccurrences(of: "\(key): true", with: "\(key): often")
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.line == text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\(key):") }.map { $0 + 1 })
        #expect(found.first?.message == "\(key) must be true or false")
    }

    @Test func anEmptyListOfTagsIsRefused() {
        let found = problems("version: 1\ntags: []\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.message == "'tags' is empty: a catalog without tags would build an empty panorama")
    }

    @Test func malformedTimeWindowIsReportedAtItsLine() {
        let found = problems(Self.catalog("""
              - path: behaviour/nightlife/late
                source: visit
                place_types: [bar]
                window: "23:00-26:00"
            """))
        #expect(found.map(\.line) == [9])
        #expect(found.first?.message.contains("malformed time window '23:00-26:00'") == true)
    }

    @Test func duplicateTagPathNamesBothLines() {
        let found = problems(Self.catalog("""
              - path: region/home/{region}
                source: anchor
                anchor: home
            """))
        #expect(found.count == 1)
        #expect(found.first?.line == 6)
        #expect(found.first?.message == "duplicate tag path region/home/{region}; it is already defined on line 3")
    }

    /// Parents require grandparents, who require parents.
    static let cycle = """
          - path: demographic/family/parent
            source: tags
            requires: [demographic/family/grandparent]
          - path: demographic/family/grandparent
            source: tags
            requires: [demographic/family/parent]
        """

    @Test func cycleBetweenTagsIsRefused() {
        let found = problems(Self.catalog(Self.cycle))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("cycle") == true)
        #expect(found.first?.message.contains("demographic/family/parent") == true)
    }

    @Test func aCycleIsReportedBesideAnUnknownReference() {
        let found = problems(Self.catalog(Self.cycle + """

              - path: behaviour/family/carer
                source: tags
                requires: [behaviour/nope/x]
            """))
        #expect(found.count == 2)
        #expect(found.contains { $0.message.contains("cycle") && $0.line == 6 })
        #expect(found.contains { $0.message == "tag behaviour/family/carer refers to behaviour/nope/x, which no rule produces" && $0.line == 12 })
    }

    @Test func referenceToAnUnknownTagIsRefused() {
        let found = problems(Self.catalog("""
              - path: demographic/family/parent
                source: tags
                requires: [behaviour/family/school_runs]
            """))
        #expect(found.map(\.message) == ["tag demographic/family/parent refers to behaviour/family/school_runs, which no rule produces"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let found = problems(Self.catalog("""
              - path: preference/food/restaurants
                source: visit
                place_types: [restaurant]
                min_dwell: an hour
                colour: red
            """))
        #expect(found.count == 3)
        #expect(found.map(\.line) == [8, 9, 10])
    }

    @Test func invalidYAMLGivesItsLine() {
        let found = problems("version: 1\ntags:\n  - path: [unclosed\n")
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("not valid YAML") == true)
        #expect((found.first?.line ?? 0) >= 3)
    }

    @Test func tagPathsNeedADimensionAndThreeLevels() {
        #expect(problems(Self.catalog("  - path: hobby/sport/golf\n    source: visit\n    place_types: [stadium]")).first?.message
            .contains("must start with a dimension") == true)
        #expect(problems(Self.catalog("  - path: preference/golf\n    source: visit\n    place_types: [stadium]")).first?.message
            .contains("fewer than three levels") == true)
    }

    @Test func clockWindowsWrapPastMidnight() throws {
        let late = try #require(ClockWindow(text: "23:00-02:00"))
        #expect(late.start == 82_800 && late.end == 7_200)
        #expect(late.overlap(from: 82_800 - 600, to: 84_600) == 1_800)
        #expect(late.overlap(from: 3_600, to: 10_800) == 3_600)
        #expect(ClockWindow(text: "07:00-07:00") == nil)
        #expect(ClockWindow(text: "7:00-09:30") == nil)
        #expect(DaysOfWeek(name: "weekends")?.contains(weekday: 6) == true)
        #expect(DaysOfWeek(name: "weekdays")?.contains(weekday: 5) == false)
    }
}
