import Foundation
import GRDB
import PanoramaModel

extension WorkspaceUpdate {
    /// Longest subscriber number accepted, in bytes.
    public static let maximumNumberLength = 32

    /// Adds a subscriber or updates the one with the same number; returns its dense index.
    ///
    /// The number is stored only as its pseudonym, its masked form and an entry in the
    /// sealed number directory; the dense index, once assigned, never changes.
    @discardableResult
    public func saveSubscriber(number: [UInt8], profile: SubscriberProfile) throws -> UInt32 {
        guard number.count <= Self.maximumNumberLength else {
            throw WorkspaceError.numberTooLong(length: number.count)
        }
        let pseudonym = pseudonymizer.pseudonym(of: number)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO subscriber (pseudonym, masked, activation_date, plan, quota_mb, monthly_fee, age,
                    gender, contract_end, idx)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(idx) + 1, 0) FROM subscriber))
                ON CONFLICT(pseudonym) DO UPDATE SET activation_date = excluded.activation_date,
                    plan = excluded.plan, quota_mb = excluded.quota_mb, monthly_fee = excluded.monthly_fee,
                    age = excluded.age, gender = excluded.gender, contract_end = excluded.contract_end
                RETURNING idx
                """)
        let arguments: StatementArguments = [
            pseudonym.hex, MaskedNumber(numberBytes: number).text, profile.activationDate.description, profile.plan,
            profile.quotaMB, profile.monthlyFee, profile.age, profile.gender?.rawValue,
            profile.contractEnd?.description,
        ]
        guard let index = try Int64.fetchOne(statement, arguments: arguments) else {
            throw WorkspaceError.database("saving a subscriber returned no index")
        }
        let listed = try subscriberNumbers().count
        if index == listed {
            // Appended in place: a copy of the directory per new subscriber would be quadratic.
            numberDirectory?.append(number)
            numberDirectoryChanged = true
        } else if index < listed {
            // An update of a known subscriber — unless two numbers share a pseudonym, which
            // would merge two people; at 128 bits it should never happen, but it must not pass.
            guard numberDirectory?.number(of: UInt32(index)) == String(decoding: number, as: UTF8.self) else {
                throw WorkspaceError.pseudonymCollision
            }
        } else {
            throw WorkspaceError.database("subscriber index \(index) is missing from the number directory")
        }
        return UInt32(index)
    }

    /// Every subscriber's number with its dense index, including those added in this
    /// update — for matching record streams in memory. The numbers never leave the process.
    public func subscriberNumbers() throws -> NumberDirectory {
        if let numberDirectory { return numberDirectory }
        let loaded = try Workspace.readNumberDirectory(db, pseudonymizer: pseudonymizer)
        numberDirectory = loaded
        return loaded
    }

    /// Writes the number directory if subscribers were added.
    func saveNumberDirectory() throws {
        guard numberDirectoryChanged, let numberDirectory else { return }
        try db.execute(
            sql: "INSERT OR REPLACE INTO number_directory (id, sealed) VALUES (1, ?)",
            arguments: [try pseudonymizer.seal(numberDirectory)])
    }

    /// The dense index of every external party already known, by pseudonym.
    public func externalParties() throws -> [Pseudonym: UInt32] {
        var parties: [Pseudonym: UInt32] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT pseudonym, idx FROM external_party")
        while let row = try rows.next() {
            if let pseudonym = Pseudonym(hex: row[0]) { parties[pseudonym] = UInt32(row[1] as Int64) }
        }
        return parties
    }

    /// Records external parties first met in this update, with the indexes handed out for them.
    public func saveExternalParties(_ parties: [(pseudonym: Pseudonym, index: UInt32)]) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO external_party (idx, pseudonym) VALUES (?, ?)")
        for party in parties { try statement.execute(arguments: [Int64(party.index), party.pseudonym.hex]) }
    }

    /// Adds or replaces one month of usage.
    public func save(_ usage: MonthlyUsage) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO monthly_usage
                    (subscriber_idx, month, arpu, voice_minutes, data_mb, sms, active_days, quota_mb)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            Int64(usage.subscriber), usage.month.description, usage.arpu, usage.voiceMinutes, usage.dataMB,
            usage.sms, usage.activeDays, usage.quotaMB,
        ])
    }

    /// Adds or replaces a product subscription, keyed by subscriber, product and start.
    public func save(_ subscription: ProductSubscription) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO subscription (subscriber_idx, product, start, "end", activity)
                VALUES (?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            Int64(subscription.subscriber), subscription.product, subscription.start.description,
            subscription.end?.description, subscription.activity,
        ])
    }

    /// Adds a handset observation; seeing the same one twice changes nothing.
    public func save(_ observation: HandsetObservation) throws {
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO handset_observation (subscriber_idx, time, imei) VALUES (?, ?, ?)"
        ).execute(arguments: [Int64(observation.subscriber), observation.time, observation.imei])
    }

    /// Adds a complaint or replaces the one with the same identifier (to record its resolution).
    public func save(_ complaint: Complaint) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO complaint (id, subscriber_idx, time, category, resolved_time)
                VALUES (?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            complaint.id, Int64(complaint.subscriber), complaint.time, complaint.category.rawValue,
            complaint.resolvedTime,
        ])
    }

    /// Adds or replaces a contact-history entry.
    public func save(_ contact: ContactHistoryEntry) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO contact (subscriber_idx, time, channel, campaign, outcome)
                VALUES (?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            Int64(contact.subscriber), contact.time, contact.channel, contact.campaign, contact.outcome.rawValue,
        ])
    }

    /// Adds or replaces a churn event.
    public func save(_ churn: ChurnEvent) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO churn_event (subscriber_idx, time, kind, destination)
                VALUES (?, ?, ?, ?)
                """
        ).execute(arguments: [Int64(churn.subscriber), churn.time, churn.kind.rawValue, churn.destination])
    }
}

extension WorkspaceUpdate {
    /// How many subscribers the workspace holds, including those added in this update.
    public func subscriberCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM subscriber") ?? 0
    }
}
