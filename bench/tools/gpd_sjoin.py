"""GeoPandas sjoin of the bench points with every area (runs in the bench's own venv).

Usage: gpd_sjoin.py <libpq url> <repeat>; prints one JSON line.
"""

import json
import statistics
import sys
import time

import geopandas
import sqlalchemy

url, repeat = sys.argv[1], int(sys.argv[2])
engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
start = time.perf_counter()
points = geopandas.read_postgis("SELECT id, geometry FROM bench_benchpoint", engine, geom_col="geometry")
areas = geopandas.read_postgis("SELECT id AS area_id, division_id, geometry FROM areas_area", engine, geom_col="geometry")
read_ms = (time.perf_counter() - start) * 1000
times, rows = [], 0
for _ in range(max(1, repeat)):
    start = time.perf_counter()
    joined = geopandas.sjoin(points, areas, how="inner", predicate="intersects")
    times.append((time.perf_counter() - start) * 1000)
    rows = len(joined)
print(json.dumps({"sjoin_ms": statistics.median(times), "read_ms": read_ms, "rows": rows, "version": geopandas.__version__}))
