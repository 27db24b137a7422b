"""Progress store costs, each against bare sqlite3 doing the same work in the same run.

- record one graded answer (committed, fsync'd) vs a bare autocommit INSERT with the same pragmas;
- open the store (integrity check + migrations check) vs a bare connect + user_version;
- `stats()` over 20 000 answers vs a bare GROUP BY of the same rows.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

ANSWERS = 20_000


def _pair(ours, bare, repeat: int = 7) -> tuple[float, float]:
    """Best time of each, measured in alternation so that a busy moment hits both alike."""
    best_ours = best_bare = float("inf")
    for _ in range(repeat):
        for function, slot in ((ours, 0), (bare, 1)):
            start = time.perf_counter()
            function()
            elapsed = time.perf_counter() - start
            if slot == 0:
                best_ours = min(best_ours, elapsed)
            else:
                best_bare = min(best_bare, elapsed)
    return best_ours, best_bare


def _bare(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE IF NOT EXISTS t (item TEXT, typed TEXT, verdict TEXT, correct INT, at TEXT)")
    return connection


def main() -> None:
    from quizapp.progress.store import AnswerRecord, Store

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        store = Store.open(root / "store.sqlite3")
        bare = _bare(root / "bare.sqlite3")
        record = AnswerRecord("mlp:2-3-1:sigmoid:half_sse:d2#1", "0.25", "correct", True, step="dL/dw1")
        n = 50
        ours, base = _pair(lambda: [store.record_answer(record) for _ in range(n)],
                           lambda: [bare.execute("INSERT INTO t VALUES (?,?,?,?,?)",
                                                 ("mlp:2-3-1:sigmoid:half_sse:d2#1", "0.25", "correct", 1, "x"))
                                    for _ in range(n)])
        ours, base = ours / n, base / n
        print(f"record_answer      {ours * 1e3:8.3f} ms   bare insert {base * 1e3:8.3f} ms   ratio {ours / base:5.2f}x")

        store.close()
        bare.close()
        ours, base = _pair(lambda: Store.open(root / "store.sqlite3").close(),
                           lambda: sqlite3.connect(root / "bare.sqlite3").execute("PRAGMA user_version").fetchone())
        print(f"open               {ours * 1e3:8.3f} ms   bare connect {base * 1e3:7.3f} ms   ratio {ours / base:5.2f}x")

        store = Store.open(root / "store.sqlite3")
        rows = [(f"mlp:2-3-1:sigmoid:half_sse:d2#{i}", "0.5", "wrong", i % 2, "drill", "half_factor",
                 "2026-01-01T00:00:00.000000+00:00") for i in range(ANSWERS)]
        store._connection.execute("BEGIN")
        store._connection.executemany(
            "INSERT INTO answers (item, typed, verdict, correct, kind, mistake, at) VALUES (?,?,?,?,?,?,?)", rows)
        store._connection.execute("COMMIT")
        ours, base = _pair(store.stats, lambda: store._connection.execute(
            "SELECT kind, item, mistake, correct, COUNT(*) FROM answers GROUP BY 1, 2, 3, 4").fetchall())
        print(f"stats ({ANSWERS} answers) {ours * 1e3:6.1f} ms   bare GROUP BY {base * 1e3:6.1f} ms   "
              f"ratio {ours / base:5.2f}x")
        store.close()


if __name__ == "__main__":
    main()
