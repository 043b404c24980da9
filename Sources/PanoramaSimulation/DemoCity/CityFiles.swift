import Foundation
import PanoramaModel

/// Writes the demo city's reference and customer files in the data contracts' format.
final class CityFiles {
    let directory: URL
    private let numbers: NumberTable
    private let usageFile: RowWriter
    private let handsetsFile: RowWriter
    private let complaintsFile: RowWriter
    private let contactsFile: RowWriter
    private let churnFile: RowWriter
    private var complaintCount = 0

    init(directory: URL, numbers: NumberTable) throws {
        self.directory = directory
        self.numbers = numbers
        func open(_ name: String, _ header: [String]) throws -> RowWriter {
            try RowWriter(url: directory.appendingPathComponent(name), header: header)
        }
        usageFile = try open("usage.csv", ["subscriber", "month", "arpu", "voice_minutes", "data_mb", "sms", "active_days", "quota_mb"])
        handsetsFile = try open("handsets.csv", ["subscriber", "time", "imei"])
        complaintsFile = try open("complaints.csv", ["id", "subscriber", "time", "category", "resolved_time"])
        contactsFile = try open("contacts.csv", ["subscriber", "time", "channel", "outcome", "campaign"])
        churnFile = try open("churn.csv", ["subscriber", "time", "kind", "destination"])
    }

    func usage(_ person: Int, month: String, arpu: Double, voice: Double, data: Double, sms: Int, activeDays: Int, quotaMB: Int) throws {
        usageFile.field(number: person, from: numbers)
        usageFile.field(month)
        usageFile.field(cents: arpu)
        usageFile.field(cents: voice)
        usageFile.field(cents: data)
        usageFile.field(sms)
        usageFile.field(activeDays)
        usageFile.field(quotaMB)
        try usageFile.endRow()
    }

    func handset(_ person: Int, day: Int, second: Int, imei: String) throws {
        handsetsFile.field(number: person, from: numbers)
        handsetsFile.field(day: day, second: second)
        handsetsFile.field(imei)
        try handsetsFile.endRow()
    }

    func complaint(_ person: Int, day: Int, second: Int, category: ComplaintCategory, resolved: (day: Int, second: Int)?) throws {
        complaintCount += 1
        complaintsFile.field("CP-\(String(format: "%07d", complaintCount))")
        complaintsFile.field(number: person, from: numbers)
        complaintsFile.field(day: day, second: second)
        complaintsFile.field(category.rawValue)
        if let resolved { complaintsFile.field(day: resolved.day, second: resolved.second) } else { complaintsFile.empty() }
        try complaintsFile.endRow()
    }

    func contact(_ person: Int, day: Int, second: Int, channel: String, outcome: ContactOutcome, campaign: String) throws {
        contactsFile.field(number: person, from: numbers)
        contactsFile.field(day: day, second: second)
        contactsFile.field(channel)
        contactsFile.field(outcome.rawValue)
        contactsFile.field(campaign)
        try contactsFile.endRow()
    }

    func churn(_ person: Int, day: Int, second: Int, kind: ChurnKind, destination: String) throws {
        churnFile.field(number: person, from: numbers)
        churnFile.field(day: day, second: second)
        churnFile.field(kind.rawValue)
        churnFile.text(destination)
        try churnFile.endRow()
    }

    func closeHistory() throws {
        for writer in [usageFile, handsetsFile, complaintsFile, contactsFile, churnFile] { try writer.close() }
    }

    // MARK: Reference data

    func writeReference(_ city: CityModel, firstMonth: CalendarMonth) throws {
        let regions = try RowWriter(url: directory.appendingPathComponent("regions.csv"), header: ["id", "name", "level", "parent", "latitude", "longitude", "radius_m"])
        let territory = city.territory
        func region(_ node: Territory.RegionNode, level: RegionLevel, parent: String, radius: Bool) throws {
            let coordinate = LocalPlane.coordinate(of: node.point)
            regions.field(node.id)
            regions.text(node.name)
            regions.field(level.rawValue)
            regions.field(parent)
            regions.field(LocalPlane.text(coordinate.latitude))
            regions.field(LocalPlane.text(coordinate.longitude))
            if radius { regions.field(2000) } else { regions.empty() }
            try regions.endRow()
        }
        for node in territory.branches { try region(node, level: .branch, parent: "", radius: false) }
        for node in territory.centers { try region(node, level: .center, parent: territory.branches[node.parent].id, radius: false) }
        for node in territory.areas { try region(node, level: .area, parent: territory.centers[node.parent].id, radius: false) }
        for node in territory.stores { try region(node, level: .store, parent: territory.areas[node.parent].id, radius: true) }
        try regions.close()

        let cells = try RowWriter(url: directory.appendingPathComponent("cells.csv"), header: ["id", "site", "latitude", "longitude", "store"])
        for cell in territory.cells {
            let coordinate = LocalPlane.coordinate(of: cell.point)
            cells.field(cell.id)
            cells.field("SITE-\(String(format: "%05d", cell.site + 1))")
            cells.field(LocalPlane.text(coordinate.latitude))
            cells.field(LocalPlane.text(coordinate.longitude))
            cells.field(territory.stores[cell.store].id)
            try cells.endRow()
        }
        try cells.close()

        let places = try RowWriter(
            url: directory.appendingPathComponent("places.csv"),
            header: ["id", "name", "type", "latitude", "longitude", "radius_m", "cells", "attributes"])
        for place in city.places.all {
            let coordinate = LocalPlane.coordinate(of: place.point)
            places.field(place.id)
            places.text(place.name)
            places.field(place.type.rawValue)
            places.field(LocalPlane.text(coordinate.latitude))
            places.field(LocalPlane.text(coordinate.longitude))
            places.field(Int(place.radius))
            places.field(place.cells.map { territory.cells[$0].id }.joined(separator: ";"))
            var attributes: [String] = []
            if let tier = place.tier { attributes.append("price_tier=\(tier.attribute)") }
            if place.line >= 0 { attributes.append("line=\(place.line + 1)") }
            places.field(attributes.joined(separator: ";"))
            try places.endRow()
        }
        try places.close()

        let events = try RowWriter(url: directory.appendingPathComponent("events.csv"), header: ["id", "name", "place", "start", "end", "category"])
        for event in city.calendar.events {
            events.field(event.id)
            events.text(event.name)
            events.field(city.places.all[event.place].id)
            events.field(day: city.firstDay + event.day, second: event.start)
            events.field(day: city.firstDay + event.day, second: event.end)
            events.text(event.category)
            try events.endRow()
        }
        try events.close()

        let products = try RowWriter(url: directory.appendingPathComponent("products.csv"), header: ["id", "name", "kind", "monthly_price", "launch_date"])
        for plan in CustomerHistory.plans {
            for value in [plan.id, plan.name, ProductKind.plan.rawValue] { products.field(value) }
            products.field(cents: plan.fee)
            products.field("2020-01-01")
            try products.endRow()
        }
        for product in CustomerHistory.products {
            products.field(product.id)
            products.text(product.name)
            products.field(ProductKind.dataService.rawValue)
            products.field(cents: product.price)
            products.field(CustomerHistory.launchDate(product, firstMonth: firstMonth).description)
            try products.endRow()
        }
        try products.close()

        let channels = try RowWriter(url: directory.appendingPathComponent("channels.csv"), header: ["id", "name", "unit_cost"])
        for (id, name, cost) in [("store", "Retail store", 2.0), ("outbound_call", "Outbound call", 1.3), ("sms", "SMS", 0.1), ("mms", "MMS", 0.3)] {
            channels.field(id)
            channels.text(name)
            channels.field(cents: cost)
            try channels.endRow()
        }
        try channels.close()
    }

    // MARK: Customers at the end of the history

    func writeCustomers(_ city: CityModel, history: CustomerHistory) throws {
        let subscribers = try RowWriter(
            url: directory.appendingPathComponent("subscribers.csv"),
            header: ["subscriber", "activation_date", "plan", "quota_mb", "monthly_fee", "age", "gender", "contract_end"])
        let subscriptions = try RowWriter(url: directory.appendingPathComponent("subscriptions.csv"), header: ["subscriber", "product", "start", "end", "activity"])
        for index in 0..<city.population.count {
            let person = city.population[index]
            let plan = CustomerHistory.plans[Int(history.plan[index])]
            subscribers.field(number: index, from: numbers)
            subscribers.field(CivilDate(daysSinceEpoch: Int(history.activation[index])).description)
            subscribers.field(plan.id)
            subscribers.field(plan.quotaMB)
            subscribers.field(cents: plan.fee)
            // Operators know age and gender for most, not all, customers.
            if index % 4 != 3 { subscribers.field(person.age) } else { subscribers.empty() }
            if index % 7 != 6 { subscribers.field(person.female ? "F" : "M") } else { subscribers.empty() }
            if history.contractEnd[index] >= 0 {
                subscribers.field(CivilDate(daysSinceEpoch: Int(history.contractEnd[index])).description)
            } else {
                subscribers.empty()
            }
            try subscribers.endRow()
            for product in CustomerHistory.products.indices where Int(history.productStart[product][index]) <= history.windowEnd {
                subscriptions.field(number: index, from: numbers)
                subscriptions.field(CustomerHistory.products[product].id)
                subscriptions.field(CivilDate(daysSinceEpoch: Int(history.productStart[product][index])).description)
                let end = history.productEnd[product][index]
                if end != .max && Int(end) <= history.windowEnd {
                    subscriptions.field(CivilDate(daysSinceEpoch: Int(max(end, history.productStart[product][index]))).description)
                } else {
                    subscriptions.empty()
                }
                subscriptions.field(cents: Double(history.productActivity[product][index]))
                try subscriptions.endRow()
            }
        }
        try subscribers.close()
        try subscriptions.close()
    }
}
