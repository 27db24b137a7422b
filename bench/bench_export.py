"""Export throughput: 10,000 drill problems with worked solutions to JSON, Markdown and Anki.

Problems per second for each format, against a baseline measured in the same run: `json.dumps`
of the bare given values of the same problems (what any exporter must at least do). The
target is >= 5,000 problems/s to JSON. A breakdown shows where the JSON time goes (the
solver's `Problem.to_dict` -> `steps()` and prompt, versus our own encoding), so that a slow
part can be named precisely.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

FAMILY = "mlp:2-3-1:sigmoid:half_sse"
DIFFICULTY = 2
COUNT = 10_000
SEED = 2026
TARGET_JSON = 5_000


def generate(count: int = COUNT, family: str = FAMILY, difficulty: int = DIFFICULTY) -> list:
    """Fresh Problem objects (nothing cached), through the exporter's own path (generate_batch)."""
    from quizapp.export.selection import drill_codes, generate_drills

    return generate_drills(drill_codes(family, difficulty, count, SEED))


def _timed(function) -> float:
    """CPU seconds of the calling process: the export is single-threaded, and on a shared
    machine wall-clock time measures the neighbours' load as much as ours."""
    start = time.process_time()
    function()
    return time.process_time() - start


def baseline(problems) -> float:
    from solver.fmt import to_jsonable

    records = [{"code": p.code, "given": {k: to_jsonable(v) for k, v in p.given.items()}} for p in problems]
    return _timed(lambda: json.dumps(records, sort_keys=True, indent=2))


def profile_json(problems, top: int = 8) -> None:
    """Where the JSON export spends its time, by function (cumulative)."""
    from quizapp.export import jsonfmt
    from quizapp.export.selection import ExportItems

    profiler = cProfile.Profile()
    profiler.enable()
    jsonfmt.render(ExportItems(drills=problems))
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(r"(trace|fmt|network_file|steps|jsonfmt|json/encoder)\.py", top)


def main(count: int = COUNT) -> dict:
    from quizapp.export import export_set, jsonfmt
    from quizapp.export.selection import ExportItems

    start = time.perf_counter()
    problems = generate(count)
    generation = time.perf_counter() - start
    print(f"{count} problems of {FAMILY}:d{DIFFICULTY} generated with generate_batch in {generation:.2f}s "
          f"wall ({count / generation:,.0f}/s)")

    base = baseline(problems)
    results = {"baseline json.dumps(given)": base}
    # Through export_set, as `quizapp export` runs it: rendering, the atomic write, the GC pause.
    with tempfile.TemporaryDirectory() as folder:
        results["json"] = _timed(lambda: export_set(ExportItems(drills=problems), Path(folder) / "set.json"))

    # Split the JSON time: the solver's records, then our encoding of them (fresh problems).
    fresh = generate(count)
    to_dict = _timed(lambda: [p.to_dict() for p in fresh])
    records = [p.to_dict() for p in fresh]
    encode = _timed(lambda: jsonfmt.dumps({"drills": records}))

    fresh = generate(count)
    with tempfile.TemporaryDirectory() as folder:
        results["markdown"] = _timed(lambda: export_set(ExportItems(drills=fresh), Path(folder) / "sheet.md"))
        fresh = generate(count)
        results["anki"] = _timed(lambda: export_set(ExportItems(drills=fresh), Path(folder) / "deck.apkg"))

    print(f"{'export (CPU time)':28} {'seconds':>8} {'problems/s':>11} {'x baseline':>11}")
    for name, seconds in results.items():
        print(f"{name:28} {seconds:8.2f} {count / seconds:11,.0f} {seconds / base:10.1f}x")
    rate = count / results["json"]
    verdict = "meets" if rate >= TARGET_JSON else "misses"
    print(f"JSON: {rate:,.0f} problems/s {verdict} the target of {TARGET_JSON:,}/s")
    print(f"  of which Problem.to_dict (solver: steps() + prompt): {to_dict:.2f}s "
          f"({count / to_dict:,.0f}/s); our json encoding: {encode:.2f}s ({count / encode:,.0f}/s)")
    if rate < TARGET_JSON:
        print("  profile of the JSON export (cumulative):")
        fresh = generate(min(count, 1_000))
        profile_json(fresh)
    return {name: count / seconds for name, seconds in results.items()}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else COUNT)
