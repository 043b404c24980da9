#!/usr/bin/env python3
"""The DuckDB side of `panorama bench build`: the same location records, loaded into a
DuckDB table, then stays, homes and workplaces computed in SQL.

  duckdb-pipeline.py load DATABASE CITY_DIRECTORY   load locations-*.csv[.gz] into DATABASE
  duckdb-pipeline.py run DATABASE                   stays (gaps and islands), home, work

Each step prints one JSON line with its seconds and row counts. The local time zone of
the demo city (+08:00) is fixed, as the demo city writes it.
"""
import glob
import json
import os
import sys
import time

import duckdb


def load(database, city):
    files = sorted(glob.glob(os.path.join(city, "locations-*.csv")) + glob.glob(os.path.join(city, "locations-*.csv.gz")))
    if not files:
        sys.exit(f"no locations-*.csv files in {city}")
    if os.path.exists(database):
        os.remove(database)
    started = time.time()
    con = duckdb.connect(database)
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    con.execute(
        "CREATE TABLE location AS SELECT subscriber, time, cell FROM read_csv(?, header = true, "
        "columns = {'subscriber': 'BIGINT', 'time': 'TIMESTAMPTZ', 'cell': 'VARCHAR'})",
        [files],
    )
    rows = con.execute("SELECT count(*) FROM location").fetchone()[0]
    con.close()
    print(json.dumps({"step": "load", "seconds": time.time() - started, "records": rows}))


PIPELINE = """
CREATE OR REPLACE TABLE stay AS
WITH marked AS (
    SELECT subscriber, time, cell,
           CASE WHEN cell = lag(cell) OVER (PARTITION BY subscriber ORDER BY time) THEN 0 ELSE 1 END AS starts
    FROM location
), numbered AS (
    SELECT *, sum(starts) OVER (PARTITION BY subscriber ORDER BY time ROWS UNBOUNDED PRECEDING) AS island
    FROM marked
)
SELECT subscriber, island, any_value(cell) AS cell, min(time) AS start, max(time) AS finish, count(*) AS records
FROM numbered GROUP BY subscriber, island;

CREATE OR REPLACE TABLE home AS
SELECT subscriber, arg_max(cell, nights) AS cell, max(nights) AS nights FROM (
    SELECT subscriber, cell, count(DISTINCT CAST(start - INTERVAL 12 HOUR AS DATE)) AS nights
    FROM stay WHERE hour(start) >= 21 OR hour(start) < 7
    GROUP BY subscriber, cell
) GROUP BY subscriber;

CREATE OR REPLACE TABLE work AS
SELECT subscriber, arg_max(cell, days) AS cell, max(days) AS days FROM (
    SELECT subscriber, cell, count(DISTINCT CAST(start AS DATE)) AS days
    FROM stay WHERE isodow(start) <= 5 AND hour(start) BETWEEN 9 AND 16
    GROUP BY subscriber, cell
) GROUP BY subscriber;
"""


def run(database):
    started = time.time()
    con = duckdb.connect(database)
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    con.execute(PIPELINE)
    counts = {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in ("stay", "home", "work")}
    con.close()
    print(json.dumps({"step": "run", "seconds": time.time() - started, **counts}))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "load":
        load(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "run":
        run(sys.argv[2])
    else:
        sys.exit(__doc__)
