"""The floor under a durable consent POST: one SQLite commit on the same disk, with nothing else around it.

The consent server answers 201 only after its record is committed with `synchronous=FULL` in WAL mode,
so no request can be faster than one commit of one small row on that disk. This measures exactly that,
with Python's sqlite3 (the same SQLite library), in a new file beside the server's log, one row per
transaction, as many transactions one after another as fit in the given seconds.
"""
import sqlite3
import statistics
import time
from pathlib import Path

# About the size of a consent record as the server stores it (ids, choices, versions, hashes).
ROW = "x" * 420


def measure(folder: Path, seconds: float = 3.0, at_most: int = 5000) -> dict:
    """{'commits', 'p50', 'p99', 'max'} in milliseconds, for single-row durable commits in `folder`."""
    path = folder / "bare-commit.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("CREATE TABLE record (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        latencies = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and len(latencies) < at_most:
            began = time.perf_counter()
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO record (body) VALUES (?)", (ROW,))
            db.execute("COMMIT")
            latencies.append((time.perf_counter() - began) * 1000)
    finally:
        db.close()
    latencies.sort()
    return {
        "commits": len(latencies),
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "max": latencies[-1],
    }
