import Foundation
import PanoramaModel
import Yams

/// Reads a catalog file (YAML, format in `docs/tag-catalog.md`) into a `TagCatalog`.
///
/// Parsing goes through Yams' node tree rather than `Decodable` because every node keeps
/// its line: each problem is reported where it is, and all problems are collected before
/// the catalog is refused, so the analyst fixes the file in one pass.
public struct CatalogParser {
    let file: String
    private var problems: [CatalogProblem] = []

    /// Parses `text`; `file` names the file in messages.
    public static func parse(_ text: String, file: String) throws(CatalogError) -> TagCatalog {
        var parser = CatalogParser(file: file)
        let catalog = parser.catalog(text)
        guard parser.problems.isEmpty, let catalog else {
            throw CatalogError(file: file, problems: parser.problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return catalog
    }

    /// Reads and parses a catalog file.
    public static func load(_ url: URL, displayName: String? = nil) throws(CatalogError) -> TagCatalog {
        let name = displayName ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            let reason =
                !exists ? "there is no such file"
                : isDirectory.boolValue ? "it is a directory, not a catalog file" : "it cannot be read; check its permissions"
            throw CatalogError(file: name, problems: [CatalogProblem(line: 0, column: 0, message: reason)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CatalogError(file: name, problems: [CatalogProblem(line: 1, column: 1, message: "the file is not UTF-8 text")])
        }
        return try parse(text, file: name)
    }

    init(file: String) { self.file = file }

    private mutating func report(_ node: Node?, _ message: String) {
        problems.append(CatalogProblem(line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message))
    }

    private mutating func catalog(_ text: String) -> TagCatalog? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            problems.append(Self.problem(of: error))
            return nil
        } catch {
            problems.append(CatalogProblem(line: 1, column: 1, message: "not valid YAML: \(error)"))
            return nil
        }
        guard let root, let top = mapping(root, "the catalog", allowed: ["version", "settings", "anchors", "tags"]) else {
            if root == nil { problems.append(CatalogProblem(line: 1, column: 1, message: "the catalog is empty")) }
            return nil
        }
        if let version = top["version"] {
            if version.int != 1 { report(version, "unsupported catalog version '\(version.string ?? "?")'; this panorama reads version 1") }
        } else {
            report(root, "missing 'version: 1' at the top")
        }
        var settings = CatalogSettings()
        if let node = top["settings"] { settings = self.settings(node) }
        let anchors = top["anchors"].flatMap { mapping($0, "anchors", allowed: ["home", "work"]) }
        let home = anchor(anchors?["home"], name: "home", parent: top["anchors"] ?? root, defaults: Self.homeDefaults)
        let work = anchor(anchors?["work"], name: "work", parent: top["anchors"] ?? root, defaults: Self.workDefaults)
        var rules: [TagRule] = []
        if let tags = top["tags"] {
            if case .sequence(let sequence) = tags {
                if sequence.isEmpty { report(tags, "'tags' is empty: a catalog without tags would build an empty panorama") }
                for node in sequence { if let rule = rule(node) { rules.append(rule) } }
            } else {
                report(tags, "'tags' must be a list of rules, each starting with '- path:'")
            }
        } else {
            report(root, "missing 'tags': a catalog without tags would build an empty panorama")
        }
        checkDuplicates(rules)
        let order = evaluationOrder(rules)
        guard let home, let work, let order else { return nil }
        return TagCatalog(settings: settings, home: home, work: work, rules: rules, evaluationOrder: order, text: text)
    }

    static func problem(of error: YamlError) -> CatalogProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return CatalogProblem(line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        default:
            return CatalogProblem(line: 1, column: 1, message: "not valid YAML: \(error)")
        }
    }

    // MARK: Structure

    /// A mapping's entries by key, reporting unknown keys; `nil` (reported) when `node` is no mapping.
    private mutating func mapping(_ node: Node, _ what: String, allowed: Set<String>) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(node, "\(what) must be a mapping of 'key: value' lines")
            return nil
        }
        var entries: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else {
                report(key, "keys in \(what) must be plain words")
                continue
            }
            if !allowed.contains(name) {
                report(key, "unknown key '\(name)' in \(what); allowed: \(allowed.sorted().joined(separator: ", "))")
            } else if entries[name] != nil {
                report(key, "'\(name)' is given twice in \(what)")
            } else {
                entries[name] = value
            }
        }
        return entries
    }

    /// A scalar or a list of scalars, as strings.
    private mutating func strings(_ node: Node, _ what: String) -> [(String, Node)] {
        switch node {
        case .scalar(let scalar): return [(scalar.string, node)]
        case .sequence(let sequence):
            var values: [(String, Node)] = []
            for item in sequence {
                if let text = item.string { values.append((text, item)) } else { report(item, "\(what) must be a list of words") }
            }
            return values
        default:
            report(node, "\(what) must be a word or a list of words")
            return []
        }
    }

    // MARK: Values

    private mutating func duration(_ node: Node, _ what: String) -> Int? {
        guard let text = node.string, let seconds = Self.seconds(text) else {
            report(node, "\(what) must be a duration such as 90s, 30m, 2h or 180d, not '\(node.string ?? "a list")'")
            return nil
        }
        return seconds
    }

    /// Seconds of a duration written `<number><unit>`, unit one of s, m, h, d.
    static func seconds(_ text: String) -> Int? {
        guard let unit = text.last, let value = Int(text.dropLast()), value >= 0 else { return nil }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3600
        case "d": return value * 86_400
        default: return nil
        }
    }

    private mutating func distance(_ node: Node, _ what: String) -> Double? {
        guard let text = node.string, text.hasSuffix("m"), let value = Double(text.dropLast().replacingOccurrences(of: "k", with: "")),
            value > 0
        else {
            report(node, "\(what) must be a distance such as 800m or 2km, not '\(node.string ?? "a list")'")
            return nil
        }
        return text.hasSuffix("km") ? value * 1000 : value
    }

    private mutating func speed(_ node: Node, _ what: String) -> Double? {
        guard let text = node.string, text.hasSuffix("km/h"), let value = Double(text.dropLast(4)), value > 0 else {
            report(node, "\(what) must be a speed such as 20km/h, not '\(node.string ?? "a list")'")
            return nil
        }
        return value
    }

    private mutating func flag(_ node: Node, _ what: String) -> Bool? {
        guard let value = node.bool else {
            report(node, "\(what) must be true or false")
            return nil
        }
        return value
    }

    private mutating func positive(_ node: Node, _ what: String) -> Int? {
        guard let value = node.int, value >= 1 else {
            report(node, "\(what) must be a whole number of at least 1, not '\(node.string ?? "a list")'")
            return nil
        }
        return value
    }

    private mutating func windows(_ node: Node) -> [ClockWindow] {
        strings(node, "window").compactMap { text, item in
            guard let window = ClockWindow(text: text) else {
                report(item, "malformed time window '\(text)'; write HH:MM-HH:MM, e.g. 07:00-09:30 or 23:00-02:00")
                return nil
            }
            return window
        }
    }

    private mutating func days(_ node: Node) -> DaysOfWeek? {
        var mask: UInt8 = 0
        for (text, item) in strings(node, "days") {
            guard let days = DaysOfWeek(name: text) else {
                report(item, "unknown days '\(text)'; use all, weekdays, weekends or mon, tue, wed, thu, fri, sat, sun")
                continue
            }
            mask |= days.mask
        }
        return mask == 0 ? nil : DaysOfWeek(mask: mask)
    }

    private mutating func placeTypes(_ node: Node, key: String = "place_types") -> [PlaceType] {
        strings(node, key).compactMap { text, item in
            guard let type = PlaceType(rawValue: text) else {
                report(item, "unknown place type '\(text)'; known types: \(PlaceType.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            return type
        }
    }

    // MARK: Sections

    private mutating func settings(_ node: Node) -> CatalogSettings {
        var settings = CatalogSettings()
        guard
            let entries = mapping(
                node, "settings",
                allowed: [
                    "ping_pong_radius", "store_radiation_radius", "presence_min_dwell", "record_hold", "routine_share", "routine_min_days",
                    "one_place_per_stay", "night_work", "home_at_work",
                ])
        else { return settings }
        if let node = entries["routine_share"] {
            if let value = node.float, (0...1).contains(value) { settings.routineShare = value } else { report(node, "routine_share must be a fraction between 0 and 1") }
        }
        if let value = entries["one_place_per_stay"].flatMap({ flag($0, "one_place_per_stay") }) { settings.onePlacePerStay = value }
        if let value = entries["night_work"].flatMap({ flag($0, "night_work") }) { settings.nightWork = value }
        if let value = entries["home_at_work"].flatMap({ flag($0, "home_at_work") }) { settings.homeAtWork = value }
        if let value = entries["routine_min_days"].flatMap({ positive($0, "routine_min_days") }) { settings.routineMinimumDays = value }
        if let value = entries["ping_pong_radius"].flatMap({ distance($0, "ping_pong_radius") }) { settings.pingPongMeters = value }
        if let value = entries["store_radiation_radius"].flatMap({ distance($0, "store_radiation_radius") }) { settings.storeRadiationMeters = value }
        if let value = entries["presence_min_dwell"].flatMap({ duration($0, "presence_min_dwell") }) { settings.presenceMinimumSeconds = value }
        if let value = entries["record_hold"].flatMap({ duration($0, "record_hold") }) { settings.recordHoldSeconds = max(60, value) }
        return settings
    }

    static let homeDefaults = AnchorRule(
        window: [ClockWindow(start: 21 * 3600, end: 7 * 3600)], days: .all, minimumSeconds: 3 * 3600, minimumDays: 2,
        placeTypes: [.residentialEstate], excludesHome: false)
    static let workDefaults = AnchorRule(
        window: [ClockWindow(start: 9 * 3600, end: 17 * 3600)], days: .weekdays, minimumSeconds: 3 * 3600, minimumDays: 2,
        placeTypes: [.officeTower, .university, .governmentOffice, .industrialPark], excludesHome: true)

    private mutating func anchor(_ node: Node?, name: String, parent: Node, defaults: AnchorRule) -> AnchorRule? {
        guard let node else { return defaults }
        guard let entries = mapping(node, "anchors.\(name)", allowed: ["window", "days", "min_presence", "min_days", "place_types", "fallback_place_types", "exclude_home"])
        else { return nil }
        var rule = defaults
        if let window = entries["window"] { rule.window = windows(window) }
        if let node = entries["days"], let days = days(node) { rule.days = days }
        if let value = entries["min_presence"].flatMap({ duration($0, "min_presence") }) { rule.minimumSeconds = value }
        if let value = entries["min_days"].flatMap({ positive($0, "min_days") }) { rule.minimumDays = value }
        if let types = entries["place_types"] { rule.placeTypes = placeTypes(types) }
        if let types = entries["fallback_place_types"] { rule.fallbackPlaceTypes = placeTypes(types, key: "fallback_place_types") }
        if let value = entries["exclude_home"].flatMap({ flag($0, "exclude_home") }) { rule.excludesHome = value }
        return rule
    }

    /// Keys with a meaning for rides only.
    static let rideKeys = ["min_distance", "min_speed", "max_speed", "long_stay_ends", "long_stay_max_speed", "walk_speed"]

    static let ruleKeys: Set<String> = [
        "path", "source", "description", "anchor", "place_types", "attributes", "window", "days", "min_dwell", "max_dwell",
        "min_support", "validity", "requires", "excludes", "min_distance", "min_speed", "max_speed", "min_share",
        "outside_anchors", "min_records", "min_place_share", "long_stay_ends", "long_stay_max_speed", "walk_speed",
        "habit", "max_off_day_ratio",
    ]

    /// Keys with a meaning for visits only.
    static let visitOnlyKeys = ["habit", "max_off_day_ratio"]

    private mutating func rule(_ node: Node) -> TagRule? {
        guard let entries = mapping(node, "a tag rule", allowed: Self.ruleKeys) else { return nil }
        let line = node.mark?.line ?? 1
        guard let pathNode = entries["path"], let pathText = pathNode.string else {
            report(node, "a tag rule needs a 'path', such as preference/sport/football")
            return nil
        }
        guard let sourceNode = entries["source"], let sourceText = sourceNode.string else {
            report(node, "tag \(pathText) needs a 'source': \(TagRule.Source.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let source = TagRule.Source(rawValue: sourceText) else {
            report(sourceNode, "unknown source '\(sourceText)' for \(pathText); use \(TagRule.Source.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let path = template(pathText, node: pathNode, source: source) else { return nil }
        var rule = TagRule(
            path: path, source: source, line: line, description: entries["description"]?.string ?? "", anchor: nil, placeTypes: [],
            attributes: [:], windows: [], days: .all, minimumDwellSeconds: 0, maximumDwellSeconds: nil, minimumSupport: 1,
            validityDays: nil, requires: [], excludes: [])
        if let anchorNode = entries["anchor"] {
            if let kind = anchorNode.string.flatMap(TagRule.AnchorKind.init(rawValue:)) {
                rule.anchor = kind
            } else {
                report(anchorNode, "anchor must be home or work")
            }
        }
        if let types = entries["place_types"] { rule.placeTypes = placeTypes(types) }
        if let attributes = entries["attributes"], let map = mapping(attributes, "attributes", allowed: Set(Self.attributeNames(attributes))) {
            for (key, value) in map {
                if let text = value.string { rule.attributes[key] = text } else { report(value, "attribute '\(key)' must have one value") }
            }
        }
        if let window = entries["window"] { rule.windows = windows(window) }
        if let node = entries["days"], let days = days(node) { rule.days = days }
        if let value = entries["min_dwell"].flatMap({ duration($0, "min_dwell") }) { rule.minimumDwellSeconds = value }
        if let value = entries["max_dwell"].flatMap({ duration($0, "max_dwell") }) { rule.maximumDwellSeconds = value }
        if let value = entries["min_support"].flatMap({ positive($0, "min_support") }) { rule.minimumSupport = value }
        if let validity = entries["validity"], let seconds = duration(validity, "validity") {
            if seconds % 86_400 == 0 && seconds > 0 { rule.validityDays = seconds / 86_400 } else { report(validity, "validity is counted in whole days, such as 90d") }
        }
        if let value = entries["min_distance"].flatMap({ distance($0, "min_distance") }) { rule.minimumDistanceMeters = value }
        if let value = entries["min_speed"].flatMap({ speed($0, "min_speed") }) { rule.minimumSpeed = value }
        if let value = entries["max_speed"].flatMap({ speed($0, "max_speed") }) { rule.maximumSpeed = value }
        if let node = entries["min_share"] {
            if let value = node.float, (0...1).contains(value) { rule.minimumShare = value } else { report(node, "min_share must be a fraction between 0 and 1, such as 0.5") }
        }
        if let value = entries["min_records"].flatMap({ positive($0, "min_records") }) { rule.minimumRecords = value }
        if let node = entries["min_place_share"] {
            if let value = node.float, (0...1).contains(value) { rule.minimumPlaceShare = value } else { report(node, "min_place_share must be a fraction between 0 and 1, such as 0.6") }
        }
        if let value = entries["long_stay_ends"].flatMap({ flag($0, "long_stay_ends") }) { rule.longStayEnds = value }
        if let value = entries["long_stay_max_speed"].flatMap({ speed($0, "long_stay_max_speed") }) { rule.longStayMaximumSpeed = value }
        if let value = entries["walk_speed"].flatMap({ speed($0, "walk_speed") }) { rule.walkSpeed = value }
        rule.outsideAnchors = entries["outside_anchors"].flatMap({ flag($0, "outside_anchors") }) ?? (source != .ride)
        if let value = entries["habit"].flatMap({ flag($0, "habit") }) { rule.habit = value }
        if let node = entries["max_off_day_ratio"] {
            if let value = node.float, value >= 0, value.isFinite {
                rule.maximumOffDayRatio = value
            } else {
                report(node, "max_off_day_ratio must be a number of 0 or more, such as 0.5")
            }
        }
        rule.requires = entries["requires"].map { strings($0, "requires").map(\.0) } ?? []
        rule.excludes = entries["excludes"].map { strings($0, "excludes").map(\.0) } ?? []
        checkShape(rule, entries: entries, node: node)
        return rule
    }

    private static func attributeNames(_ node: Node) -> [String] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.compactMap { $0.key.string }
    }

    /// Which keys each source needs and allows.
    private mutating func checkShape(_ rule: TagRule, entries: [String: Node], node: Node) {
        let path = rule.path.text
        func forbid(_ keys: [String]) {
            for key in keys where entries[key] != nil { report(entries[key], "'\(key)' has no meaning for a rule with source \(rule.source.rawValue)") }
        }
        switch rule.source {
        case .anchor:
            if rule.anchor == nil && entries["anchor"] == nil { report(node, "tag \(path) has source anchor but no 'anchor: home' or 'anchor: work'") }
            forbid(["window", "days", "min_dwell", "max_dwell", "min_support", "min_share", "outside_anchors", "min_records"] + Self.rideKeys + Self.visitOnlyKeys)
            if rule.path.placeholder == .eventCategory { report(entries["path"], "{event.category} needs source event") }
            if rule.path.placeholder == .placeAttribute && rule.placeTypes.isEmpty {
                report(entries["path"], "a path with {place.…} needs 'place_types' saying which places carry the attribute")
            }
        case .visit, .ride:
            if entries["place_types"] == nil { report(node, "tag \(path) has source \(rule.source.rawValue) but no 'place_types'") }
            forbid(["anchor"])
            if rule.source == .visit { forbid(Self.rideKeys) } else { forbid(["min_place_share"] + Self.visitOnlyKeys) }
            if rule.source == .visit && rule.habit && !rule.outsideAnchors {
                report(entries["habit"], "'habit' narrows what 'outside_anchors' leaves out to the cells slept or worked in; with 'outside_anchors: false' it has no meaning")
            }
            if rule.maximumOffDayRatio != nil && rule.days == .all {
                report(entries["max_off_day_ratio"], "max_off_day_ratio compares the rule's days with the other days of the week; give 'days', such as weekdays")
            } else if rule.maximumOffDayRatio != nil && rule.windows.contains(where: { $0.end < $0.start }) {
                report(
                    entries["max_off_day_ratio"],
                    "max_off_day_ratio reads a stay by the day it is on, so a window past midnight would count Friday night's small hours as Saturday's; end the window by 24:00")
            }
            if rule.minimumSpeed > rule.maximumSpeed { report(entries["min_speed"], "min_speed is above max_speed") }
            if !rule.longStayEnds {
                for key in ["long_stay_max_speed", "walk_speed"] where entries[key] != nil {
                    report(entries[key], "'\(key)' applies to rides with a long-stay end; add 'long_stay_ends: true'")
                }
            }
            if rule.path.placeholder == .eventCategory || rule.path.placeholder == .region {
                report(entries["path"], "a \(rule.source.rawValue) rule's path may use {place.<attribute>} only")
            }
        case .event:
            forbid(["anchor", "place_types", "attributes", "window", "days", "min_share"] + Self.rideKeys + Self.visitOnlyKeys)
            if rule.path.placeholder != .eventCategory { report(entries["path"], "a rule with source event needs {event.category} at the end of its path") }
        case .tags:
            if rule.requires.isEmpty { report(node, "tag \(path) has source tags but no 'requires'") }
            forbid(["anchor", "place_types", "attributes", "window", "days", "min_dwell", "max_dwell", "min_support", "min_share", "outside_anchors", "min_records", "min_place_share"] + Self.rideKeys + Self.visitOnlyKeys)
            if rule.path.isTemplate { report(entries["path"], "a rule with source tags produces one fixed path") }
        }
        if rule.path.placeholder == .region && rule.source != .anchor { report(entries["path"], "{region} needs source anchor") }
    }

    /// Parses a path template: a dimension, then levels, optionally ending in one placeholder.
    private mutating func template(_ text: String, node: Node, source: TagRule.Source) -> TagPathTemplate? {
        let levels = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let first = levels.first, let dimension = TagDimension(rawValue: first) else {
            report(node, "tag path '\(text)' must start with a dimension: \(TagDimension.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        if levels.contains(where: \.isEmpty) {
            report(node, "tag path '\(text)' has an empty level")
            return nil
        }
        var placeholder: TagPathTemplate.Placeholder?
        var attribute: String?
        var literal = levels
        if let last = levels.last, last.hasPrefix("{") {
            guard last.hasSuffix("}") else {
                report(node, "tag path '\(text)' has an unclosed placeholder")
                return nil
            }
            let name = String(last.dropFirst().dropLast())
            if name == "region" {
                placeholder = .region
            } else if name == "event.category" {
                placeholder = .eventCategory
            } else if name.hasPrefix("place."), name.count > 6 {
                placeholder = .placeAttribute
                attribute = String(name.dropFirst(6))
            } else {
                report(node, "unknown placeholder {\(name)}; use {region}, {event.category} or {place.<attribute>}")
                return nil
            }
            literal.removeLast()
        }
        if levels.dropLast().contains(where: { $0.contains("{") || $0.contains("}") }) {
            report(node, "a placeholder may only be the last level of '\(text)'")
            return nil
        }
        // A placeholder adds at least one level; event categories add at least two in practice,
        // and a shorter expansion is dropped at build time.
        let minimumLevels = literal.count + (placeholder == nil ? 0 : placeholder == .eventCategory ? 2 : 1)
        if minimumLevels < 3 {
            report(node, "tag path '\(text)' has fewer than three levels; write e.g. \(first)/<group>/<tag>")
            return nil
        }
        return TagPathTemplate(
            text: text, dimension: dimension, literalPrefix: literal.joined(separator: "/"), placeholder: placeholder, attribute: attribute)
    }

    // MARK: Whole-catalog checks

    private mutating func checkDuplicates(_ rules: [TagRule]) {
        var seen: [String: Int] = [:]
        for rule in rules {
            if let line = seen[rule.path.text] {
                problems.append(CatalogProblem(line: rule.line, column: 3, message: "duplicate tag path \(rule.path.text); it is already defined on line \(line)"))
            } else {
                seen[rule.path.text] = rule.line
            }
        }
    }

    /// Orders the rules so that every rule comes after the tags it requires or excludes;
    /// reports references to unknown tags and cycles. `nil` when there is a problem.
    private mutating func evaluationOrder(_ rules: [TagRule]) -> [Int]? {
        func producer(_ path: String) -> Int? {
            if let exact = rules.firstIndex(where: { !$0.path.isTemplate && $0.path.text == path }) { return exact }
            return rules.firstIndex { $0.path.isTemplate && (path == $0.path.literalPrefix || path.hasPrefix($0.path.literalPrefix + "/")) }
        }
        var dependencies = [[Int]](repeating: [], count: rules.count)
        var valid = true
        for (index, rule) in rules.enumerated() {
            for path in rule.requires + rule.excludes {
                guard let other = producer(path) else {
                    problems.append(CatalogProblem(line: rule.line, column: 3, message: "tag \(rule.path.text) refers to \(path), which no rule produces"))
                    valid = false
                    continue
                }
                dependencies[index].append(other)
            }
        }
        // Cycles among the references that resolve are reported as well, so that one round
        // of edits fixes everything.
        var state = [UInt8](repeating: 0, count: rules.count)
        var order: [Int] = []
        var cycle: [Int]?
        func visit(_ index: Int, _ stack: inout [Int]) {
            guard cycle == nil else { return }
            if state[index] == 2 { return }
            if state[index] == 1 {
                cycle = Array(stack[(stack.firstIndex(of: index) ?? 0)...]) + [index]
                return
            }
            state[index] = 1
            stack.append(index)
            for dependency in dependencies[index] { visit(dependency, &stack) }
            stack.removeLast()
            state[index] = 2
            order.append(index)
        }
        for index in rules.indices {
            var stack: [Int] = []
            visit(index, &stack)
        }
        if let cycle {
            let names = cycle.map { "\(rules[$0].path.text) (line \(rules[$0].line))" }.joined(separator: " → ")
            problems.append(CatalogProblem(line: rules[cycle[0]].line, column: 3, message: "tags depend on each other in a cycle: \(names)"))
            return nil
        }
        return valid ? order : nil
    }
}
