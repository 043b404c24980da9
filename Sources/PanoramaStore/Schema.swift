import GRDB

/// The database schema, as GRDB migrations applied in order.
///
/// Migrations run when a workspace is created or opened by a newer panorama, so an old
/// workspace is brought forward without losing data. Subscribers and cells carry a dense
/// integer index (`idx`) assigned once; every other table and every record segment
/// refers to them by it.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: reference, customers, records manifest") { db in
            try db.execute(
                sql: """
                    CREATE TABLE region (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        level TEXT NOT NULL,
                        parent TEXT REFERENCES region(id),
                        latitude REAL,
                        longitude REAL,
                        radiation_radius_m REAL
                    ) STRICT;
                    CREATE TABLE cell (
                        idx INTEGER PRIMARY KEY NOT NULL,
                        id TEXT NOT NULL UNIQUE,
                        site TEXT NOT NULL,
                        latitude REAL NOT NULL,
                        longitude REAL NOT NULL,
                        store TEXT NOT NULL REFERENCES region(id)
                    ) STRICT;
                    CREATE TABLE place (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        type TEXT NOT NULL,
                        latitude REAL NOT NULL,
                        longitude REAL NOT NULL,
                        radius_m REAL NOT NULL,
                        attributes TEXT NOT NULL
                    ) STRICT;
                    CREATE TABLE place_cell (
                        place TEXT NOT NULL REFERENCES place(id),
                        cell_idx INTEGER NOT NULL REFERENCES cell(idx),
                        PRIMARY KEY (place, cell_idx)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE event (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        place TEXT NOT NULL REFERENCES place(id),
                        start INTEGER NOT NULL,
                        "end" INTEGER NOT NULL,
                        category TEXT NOT NULL
                    ) STRICT;
                    CREATE TABLE product (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        monthly_price REAL NOT NULL,
                        launch_date TEXT
                    ) STRICT;
                    CREATE TABLE channel (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        unit_cost REAL NOT NULL
                    ) STRICT;
                    CREATE TABLE subscriber (
                        idx INTEGER PRIMARY KEY NOT NULL,
                        pseudonym TEXT NOT NULL UNIQUE,
                        masked TEXT NOT NULL,
                        activation_date TEXT NOT NULL,
                        plan TEXT NOT NULL REFERENCES product(id),
                        quota_mb REAL NOT NULL,
                        monthly_fee REAL NOT NULL,
                        age INTEGER,
                        gender TEXT,
                        contract_end TEXT
                    ) STRICT;
                    CREATE TABLE number_directory (
                        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                        sealed BLOB NOT NULL
                    ) STRICT;
                    CREATE TABLE external_party (
                        idx INTEGER PRIMARY KEY NOT NULL,
                        pseudonym TEXT NOT NULL UNIQUE
                    ) STRICT;
                    CREATE TABLE monthly_usage (
                        subscriber_idx INTEGER NOT NULL REFERENCES subscriber(idx),
                        month TEXT NOT NULL,
                        arpu REAL NOT NULL,
                        voice_minutes REAL NOT NULL,
                        data_mb REAL NOT NULL,
                        sms INTEGER NOT NULL,
                        active_days INTEGER NOT NULL,
                        PRIMARY KEY (subscriber_idx, month)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE subscription (
                        subscriber_idx INTEGER NOT NULL REFERENCES subscriber(idx),
                        product TEXT NOT NULL REFERENCES product(id),
                        start TEXT NOT NULL,
                        "end" TEXT,
                        activity REAL,
                        PRIMARY KEY (subscriber_idx, product, start)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE handset_observation (
                        subscriber_idx INTEGER NOT NULL REFERENCES subscriber(idx),
                        time INTEGER NOT NULL,
                        imei TEXT NOT NULL,
                        PRIMARY KEY (subscriber_idx, time, imei)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE complaint (
                        id TEXT PRIMARY KEY NOT NULL,
                        subscriber_idx INTEGER NOT NULL REFERENCES subscriber(idx),
                        time INTEGER NOT NULL,
                        category TEXT NOT NULL,
                        resolved_time INTEGER
                    ) STRICT;
                    CREATE TABLE contact (
                        subscriber_idx INTEGER NOT NULL REFERENCES subscriber(idx),
                        time INTEGER NOT NULL,
                        channel TEXT NOT NULL REFERENCES channel(id),
                        campaign TEXT,
                        outcome TEXT NOT NULL,
                        PRIMARY KEY (subscriber_idx, time, channel)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE churn_event (
                        subscriber_idx INTEGER NOT NULL REFERENCES subscriber(idx),
                        time INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        destination TEXT,
                        PRIMARY KEY (subscriber_idx, time, kind)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE ingest (
                        id INTEGER PRIMARY KEY NOT NULL,
                        started_at INTEGER NOT NULL,
                        finished_at INTEGER NOT NULL,
                        input TEXT NOT NULL
                    ) STRICT;
                    CREATE TABLE ingested_file (
                        ingest_id INTEGER NOT NULL REFERENCES ingest(id),
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        fingerprint TEXT NOT NULL,
                        rows_read INTEGER NOT NULL,
                        rows_accepted INTEGER NOT NULL,
                        rows_rejected INTEGER NOT NULL,
                        PRIMARY KEY (ingest_id, name)
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX ingested_file_fingerprint ON ingested_file(fingerprint);
                    CREATE TABLE record_segment (
                        file TEXT PRIMARY KEY NOT NULL,
                        ingest_id INTEGER NOT NULL REFERENCES ingest(id),
                        volume TEXT NOT NULL,
                        partition INTEGER NOT NULL,
                        records INTEGER NOT NULL,
                        min_time INTEGER NOT NULL,
                        max_time INTEGER NOT NULL
                    ) STRICT;
                    CREATE INDEX record_segment_partition ON record_segment(volume, partition);
                    """)
        }
        migrator.registerMigration("v2: panorama builds") { db in
            try db.execute(
                sql: """
                    CREATE TABLE panorama_build (
                        id INTEGER PRIMARY KEY NOT NULL,
                        started_at INTEGER NOT NULL,
                        finished_at INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        catalog_digest TEXT NOT NULL,
                        last_ingest INTEGER NOT NULL,
                        first_day TEXT,
                        last_day TEXT,
                        days_added INTEGER NOT NULL,
                        records INTEGER NOT NULL,
                        subscribers INTEGER NOT NULL,
                        active_tags INTEGER NOT NULL
                    ) STRICT;
                    """)
        }
        migrator.registerMigration("v3: the quota of each month") { db in
            try db.execute(sql: "ALTER TABLE monthly_usage ADD COLUMN quota_mb REAL")
        }
        // The ledger counts rows per month to find the regular months; without the index
        // that is a sort of every usage row, a quarter of the time `profile` takes.
        migrator.registerMigration("v4: usage rows by month") { db in
            try db.execute(sql: "CREATE INDEX monthly_usage_month ON monthly_usage(month)")
        }
        return migrator
    }
}
