"""Scale: everyday actions at 1k / 100k / 1M graded answers (10k cards) and with 10k-question banks.

Databases are built through the store's own API (`start_session`, `record_answer`, `review`),
in transactions of BATCH answers and without fsync (a bench file, not a learner's), and cached
under the temp folder by size, schema version and BUILD, so a second run starts at once. Each
store action is timed against a bare SQLite query of the same rows on the same file in the same
run (best of alternating runs): stats (vs the same GROUP BY), opening (vs connect + user_version),
history (vs the last sessions and answers by id), the due queue (vs the due cards by due date).
Target: every action under 100 ms at 1M answers ("flat" compares with the smallest size).

Banks: loading 10k questions (10 files) vs `tomllib` parsing the same files; `LoadResult.by_id`
for every id vs a dict; painting the question list (headless 80x24, push to first refresh) with
10k questions vs the built-in banks only, and opening a question from it.

Exports: `quizapp export` of mlp problems in a fresh process per format, CPU time and peak memory
(VmHWM) against a process that only generates the same problems; 1k and 10k (100k with
--export-100k). Run: `python -m bench scale [--sizes 1k,100k,1M] [--parts store,banks,export]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

BUILD = 1  # bump when the built databases change shape
SIZES = {"1k": 1_000, "100k": 100_000, "1M": 1_000_000}
CARDS = 10_000
BANK_QUESTIONS = 10_000
BANK_FILES = 10  # a bank file is limited to 2 MB
SESSION_ANSWERS = 50
BATCH = 20_000
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
TARGET_MS = 100.0
SOME_DUE = 50
CACHE = Path(os.environ.get("QUIZAPP_BENCH_CACHE", Path(tempfile.gettempdir()) / "quizapp-bench-scale"))


def _pair(ours, bare, repeat: int, before=None) -> tuple[float, ...]:
    """Best time of each, in alternation so that a busy moment hits all alike; with `before`
    (the action done the way it was before this session's change), its time third."""
    functions = (ours, bare) if before is None else (ours, bare, before)
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for slot, function in enumerate(functions):
            start = time.perf_counter()
            function()
            best[slot] = min(best[slot], time.perf_counter() - start)
    return tuple(best)


# ----- the generated bank -------------------------------------------------------------------

_TOPICS = ("chain-rule", "backpropagation", "activation-functions", "loss-functions", "gradient-descent")


def _question_toml(bank: str, number: int) -> str:
    kind = ("single", "truefalse", "numeric", "multiple")[number % 4]
    filler = " 为什么" * (number % 7)  # prompts of different lengths: some wrap at 80 columns
    head = (f'\n[[questions]]\nid = "{bank}.q{number:05d}"\ntype = "{kind}"\n'
            f'topics = ["{_TOPICS[number % len(_TOPICS)]}"]\ndifficulty = {1 + number % 3}\nsection = "beyond"\n'
            f'prompt = {{ zh = "第 {number} 题：sigmoid 在 z = {number % 10} 处的导数是多少？{filler}", '
            f'en = "Question {number}: what is the derivative of the sigmoid at z = {number % 10}?'
            f'{" Explain why." * (number % 7)}" }}\n'
            f'answer = {{ zh = "σ\'(z) = σ(z)(1 - σ(z))。", en = "σ\'(z) = σ(z)(1 - σ(z))." }}\n')
    if kind in ("single", "multiple"):
        return head + "".join(f'[[questions.choices]]\ntext = {{ zh = "选项 {c}", en = "choice {c}" }}\n'
                              f'correct = {"true" if c in (0, 2 if kind == "multiple" else 0) else "false"}\n'
                              for c in range(3))
    if kind == "truefalse":
        return head + "truth = true\n"
    return head + "value = 0.25\ntolerance = 0.001\n"


def write_bank_folder(folder: Path, questions: int = BANK_QUESTIONS, files: int = BANK_FILES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    per_file = questions // files
    paths = []
    for index in range(files):
        bank = f"scale{index:02d}"
        header = f'[bank]\nid = "{bank}"\ntitle = {{ zh = "规模 {index}", en = "Scale {index}" }}\nversion = 1\n'
        body = "".join(_question_toml(bank, index * per_file + n) for n in range(per_file))
        path = folder / f"{bank}.toml"
        path.write_text(header + body, encoding="utf-8")
        paths.append(path)
    return paths


def bank_folder() -> Path:
    folder = CACHE / f"banks-b{BUILD}-{BANK_QUESTIONS}"
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_bank_folder(folder)
        (folder / "done").touch()
    return folder


# ----- the databases ------------------------------------------------------------------------

def build_database(path: Path, answers: int, question_ids: list[str], seed: int = 18) -> None:
    """`answers` graded answers over a year in sessions of SESSION_ANSWERS, and CARDS cards."""
    from solver.families import DIFFICULTIES, FAMILIES
    from solver.grading.mistakes import CATALOGUE

    from quizapp.progress.clock import FixedClock
    from quizapp.progress.scheduling import drill_card_ids, question_card_id
    from quizapp.progress.store import AnswerRecord, Store

    rng = random.Random(seed)
    clock = FixedClock(NOW - timedelta(days=365))  # sessions start when the generated history says
    store = Store.open(path, clock=clock, fuzz=False)
    connection = store._connection
    connection.execute("PRAGMA synchronous = OFF")  # a bench file: no fsync per answer while building
    drills = drill_card_ids()
    cards = drills + [question_card_id(q) for q in question_ids[:CARDS - len(drills)]]
    for index, card_id in enumerate(cards):  # every card reviewed once, a fifth of them twice
        moment = NOW - timedelta(days=365) + timedelta(seconds=index * 365 * 86400 / len(cards))
        store.review(card_id, rng.choice((1, 3, 3, 4)), now=moment)
        if index % 5 == 0:
            store.review(card_id, 3, now=moment + timedelta(days=2))
    families, mistakes = list(FAMILIES), list(CATALOGUE)
    steps = ("z1", "a1", "z2", "dL/da2", "dL/dz2", "dL/dw2", "dL/dw1", "w1_new")
    span = 365 * 86400 / max(answers, 1)
    connection.execute("BEGIN")
    session = None
    for index in range(answers):
        moment = NOW - timedelta(days=365) + timedelta(seconds=index * span)
        if index % SESSION_ANSWERS == 0:
            clock.set(moment)
            kind = "drill" if rng.random() < 0.7 else "quiz"
            session = store.start_session(kind)
        correct = rng.random() < 0.7
        if kind == "drill":
            family = rng.choice(families)
            code = f"{family}:d{rng.choice(DIFFICULTIES)}#{rng.randrange(1_000_000)}"
            record = AnswerRecord(code, "0.25", "correct" if correct else "wrong", correct,
                                  step=rng.choice(steps), session=session, seconds=12.5, at=moment,
                                  mistake=None if correct else rng.choice(mistakes), kind="drill")
        else:
            qid = rng.choice(question_ids)
            record = AnswerRecord(qid, "0.25", "correct" if correct else "wrong", correct, session=session,
                                  seconds=20.0, topics=(_TOPICS[int(qid[-5:]) % len(_TOPICS)],), at=moment,
                                  kind="question")
        store.record_answer(record)
        if index % BATCH == BATCH - 1:
            connection.execute("COMMIT")
            connection.execute("BEGIN")
    connection.execute("COMMIT")
    store.close()


def database(size: str, question_ids: list[str]) -> Path:
    """The cached database of this size, built on first use (into a temporary name, then renamed)."""
    from quizapp.progress.migrations import SCHEMA_VERSION

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"answers-{size}-schema{SCHEMA_VERSION}-b{BUILD}.sqlite3"
    if not path.exists():
        building = path.with_name(path.name + ".building")
        for leftover in CACHE.glob(building.name + "*"):
            leftover.unlink()
        start = time.perf_counter()
        older = sorted(CACHE.glob(f"answers-{size}-schema*-b{BUILD}.sqlite3"))
        if older:  # the same answers under an earlier schema: migrated by the store, as a learner's are
            from quizapp.progress.clock import FixedClock
            from quizapp.progress.store import Store

            shutil.copyfile(older[-1], building)
            Store.open(building, clock=FixedClock(NOW)).close()
        else:
            build_database(building, SIZES[size], question_ids)
        connection = sqlite3.connect(building)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to cache
        connection.close()
        building.replace(path)
        how = f"migrated from {older[-1].name}" if older else "built through the store"
        print(f"  {path.name} {how} in {time.perf_counter() - start:.1f}s", flush=True)
    return path


def store_figures(size: str, cached: Path, question_ids: list[str]) -> dict[str, tuple[float, float]]:
    from quizapp.progress.clock import FixedClock
    from quizapp.progress.scheduling import all_card_ids, end_of_today
    from quizapp.progress.store import Store, iso

    repeat = 3 if SIZES[size] >= 1_000_000 else 5
    with tempfile.TemporaryDirectory(prefix="quizapp-scale-") as folder:
        path = Path(folder) / "progress.sqlite3"
        shutil.copyfile(cached, path)  # the store switches the file to WAL: keep the cache pristine
        figures = {}

        def bare_open():
            connection = sqlite3.connect(path)
            connection.execute("PRAGMA user_version").fetchone()
            connection.close()

        figures["open the store"] = _pair(lambda: Store.open(path, clock=FixedClock(NOW)).close(), bare_open, repeat)
        store = Store.open(path, clock=FixedClock(NOW), fuzz=False)
        bare = sqlite3.connect(path)
        figures["stats"] = _pair(store.stats, lambda: bare.execute(
            "SELECT kind, CASE WHEN kind = 'drill' THEN substr(item, 1, instr(item || ':', ':') - 1) "
            "ELSE item END, topics, mistake, correct, COUNT(*) FROM answers GROUP BY 1, 2, 3, 4, 5").fetchall(),
            repeat)
        figures["streak"] = _pair(lambda: store_streak(store), lambda: bare.execute(
            "SELECT day FROM review_days WHERE reviews > 0").fetchall(), repeat,
            before=lambda: streak_as_before(bare))
        figures["history (20)"] = _pair(lambda: store.history(20), lambda: (
            bare.execute("SELECT * FROM sessions ORDER BY id DESC LIMIT 20").fetchall(),
            bare.execute("SELECT * FROM answers ORDER BY id DESC LIMIT 20").fetchall()), repeat)
        universe = all_card_ids(question_ids)
        today_ends = iso(end_of_today(NOW))
        figures["due queue"] = _pair(lambda: store.due(NOW, new_limit=10, card_ids=universe), lambda: bare.execute(
            "SELECT id, due FROM cards WHERE due < ? ORDER BY due", (today_ends,)).fetchall(), repeat,
            before=lambda: straightforward_queue(bare, universe, 10, as_before=True))
        same = store.stats() == straightforward_stats(bare, store)
        print(f"  {size}: stats {'equal' if same else 'DIFFER FROM'} the figures of the straightforward queries", flush=True)
        same = store_streak(store) == streak_as_before(bare)
        print(f"  {size}: streak {'equal to' if same else 'DIFFERS FROM'} that of the whole review log", flush=True)
        queue = store.due(NOW, new_limit=10, card_ids=universe)
        same = queue == straightforward_queue(bare, universe, 10) == straightforward_queue(bare, universe, 10,
                                                                                            as_before=True)
        print(f"  {size}: due queue ({len(queue)} cards) {'equal to' if same else 'DIFFERS FROM'} the queue of "
              "every card read", flush=True)
        # The built history reviewed every card within the year, so nearly all are due: a
        # learner keeping up has a few dozen. The same cards with all but SOME_DUE due next year.
        bare.execute("UPDATE cards SET due = ? WHERE rowid NOT IN (SELECT rowid FROM cards ORDER BY due LIMIT ?)",
                     (iso(NOW + timedelta(days=365)), SOME_DUE))
        bare.commit()
        figures[f"due queue ({SOME_DUE} due)"] = _pair(
            lambda: store.due(NOW, new_limit=10, card_ids=universe), lambda: bare.execute(
                "SELECT id, due FROM cards WHERE due < ? ORDER BY due", (today_ends,)).fetchall(), repeat,
            before=lambda: straightforward_queue(bare, universe, 10, as_before=True))
        queue = store.due(NOW, new_limit=10, card_ids=universe)
        if queue != straightforward_queue(bare, universe, 10, as_before=True):
            print(f"  {size}: due queue with {SOME_DUE} due DIFFERS FROM the queue of every card read", flush=True)
        store.close()
        bare.close()
    return figures


def store_streak(store) -> int:
    """The streak as Store.stats reads it: the days tallied per review (schema 9)."""
    from quizapp.progress import row_reading
    from quizapp.progress.stats import current_streak
    from quizapp.progress.store import REVIEW_DAYS

    with store._guard() as db:
        days = list(store._readable(db.execute(REVIEW_DAYS), row_reading.day, count=False))
    return current_streak(days, NOW.date())


def streak_as_before(bare: sqlite3.Connection) -> int:
    """The streak as it was read before schema 9: the distinct days of the whole review log."""
    from quizapp.progress import row_reading
    from quizapp.progress.stats import current_streak

    days = []
    for (day,) in bare.execute("SELECT DISTINCT substr(at, 1, 10) FROM review_log"):
        try:
            days.append(row_reading.day(day))
        except ValueError:
            pass
    return current_streak(days, NOW.date())


def straightforward_queue(bare: sqlite3.Connection, universe: list[str], new_limit: int, *, as_before=False):
    """The review queue as the store made it before migration 8: every card read in Python,
    then sorted (`as_before`: with the end of today worked out again for every card, as then)."""
    from quizapp.progress import row_reading
    from quizapp.progress.scheduling import DueCard, build_queue, card_kind, end_of_today, queue_of
    from quizapp.progress.store import iso

    known = []
    for card_id, due in bare.execute("SELECT id, due FROM cards"):
        try:
            known.append((row_reading.text(card_id), row_reading.moment(due)))
        except ValueError:
            pass
    day_start = NOW.replace(hour=0, minute=0, second=0, microsecond=0)
    introduced = bare.execute("SELECT COUNT(*) FROM cards WHERE introduced >= ? AND introduced < ?",
                              (iso(day_start), iso(day_start + timedelta(days=1)))).fetchone()[0]
    known_ids, allowed = {card_id for card_id, _ in known}, max(0, new_limit - introduced)
    if not as_before:
        return build_queue(known, universe, known_ids, NOW, allowed)
    members = set(universe)
    due = sorted(((due_at, card_id) for card_id, due_at in known
                  if due_at < end_of_today(NOW) and card_id in members))
    queue = [DueCard(card_id, card_kind(card_id), False, due_at) for due_at, card_id in due]
    return queue + queue_of([], universe, known_ids, allowed)


def straightforward_stats(bare: sqlite3.Connection, store):
    """The figures as stats computed them before tallies and indexes: every answer grouped (first
    tries apart from retries, as stats count them from schema 9), every card's due date and every
    review read in Python (through the store's row readers)."""
    from quizapp.progress import row_reading
    from quizapp.progress.migrations import first_try
    from quizapp.progress.stats import summarize
    from quizapp.progress.store import _code_family, _tally

    bare.create_function("code_family", 1, _code_family, deterministic=True)
    skipped = 0

    def read(rows, reader, weight=lambda row: 1):
        nonlocal skipped
        out = []
        for row in rows:
            try:
                out.append(reader(*row))
            except ValueError:
                skipped += weight(row)
        return out

    answers = read(bare.execute("SELECT kind, CASE WHEN kind = 'drill' THEN code_family(item) ELSE item END, "
                                f"topics, mistake, correct, {first_try('')}, COUNT(*) FROM answers "
                                "GROUP BY 1, 2, 3, 4, 5, 6"),
                   _tally, weight=lambda row: row[-1])
    reviews = read(bare.execute("SELECT at FROM review_log"), row_reading.moment)
    dues = read(bare.execute("SELECT due FROM cards"), row_reading.moment)
    sessions = bare.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    return summarize(answers, reviews, dues, store.clock.now(), sessions=sessions, skipped_rows=skipped)


def print_store_table(results: dict[str, dict[str, tuple[float, float]]]) -> None:
    sizes = list(results)
    print(f"{'store action':20}" + "".join(f"{size + ' answers':>30}" for size in sizes) + "   flat?")
    actions = list(next(iter(results.values())))
    for action in actions:
        cells, befores = [], []
        for size in sizes:
            ours, bare, *before = results[size][action]
            cells.append(f"{ours * 1e3:9.1f} ms (bare {bare * 1e3:6.1f}, {ours / bare:5.1f}x)")
            befores.extend(f"{before[0] * 1e3:9.1f} ms ({ours / before[0]:4.2f}x of it)" for _ in before[:1])
        first, last = results[sizes[0]][action][0], results[sizes[-1]][action][0]
        verdict = "ok" if last * 1e3 < TARGET_MS else f"MISSES {TARGET_MS:.0f} ms"
        print(f"{action:20}" + "".join(f"{cell:>30}" for cell in cells) +
              f"   {last / first:5.1f}x the {sizes[0]} time; {verdict}")
        if befores:  # the same action done as before this change, timed in the same run
            print(f"{'  as before':20}" + "".join(f"{cell:>30}" for cell in befores))


# ----- banks and the question list ----------------------------------------------------------

def bank_figures(folder: Path) -> None:
    from questions import load_banks

    paths = sorted(folder.glob("*.toml"))
    ours, bare = _pair(lambda: load_banks(folder), lambda: [tomllib.loads(p.read_text("utf-8")) for p in paths], 3)
    print(f"load banks ({BANK_QUESTIONS} questions in {len(paths)} files)  {ours * 1e3:8.1f} ms   "
          f"bare tomllib {bare * 1e3:7.1f} ms   ratio {ours / bare:5.2f}x")
    result = load_banks(folder)
    ids = [q.id for q in result.questions]
    index = {q.id: q for q in result.questions}
    ours, bare = _pair(lambda: [result.by_id(i) for i in ids], lambda: [index.get(i) for i in ids], 3)
    print(f"by_id for each of {len(ids)} ids          {ours * 1e3:8.1f} ms   "
          f"bare dict    {bare * 1e3:7.1f} ms   ratio {ours / bare:5.2f}x")


async def _list_paint(home: Path, repeat: int) -> tuple[float, float, int]:
    """Best push-to-first-refresh time of the question list, and of a quiz opened from it."""
    from quizapp.app import make_app
    from quizapp.screens.questions import QuestionListScreen
    from quizapp.screens.quiz import QuizScreen

    app = make_app(home=home, cursor_blink=False)
    best_list = best_open = float("inf")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        count = len(app.services.banks.questions)  # loaded before the clock starts: the list, not the files

        async def painted(screen_type, start: float) -> float:
            while not (isinstance(app.screen, screen_type) and app.screen.is_mounted):
                await asyncio.sleep(0)
            done = asyncio.get_running_loop().create_future()
            app.call_after_refresh(lambda: done.set_result(time.perf_counter() - start))
            return await done

        for _ in range(repeat):
            start = time.perf_counter()
            app.open_question_list()
            best_list = min(best_list, await painted(QuestionListScreen, start))
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("enter")
            best_open = min(best_open, await painted(QuizScreen, start))
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
    return best_list, best_open, count


def list_figures(folder: Path) -> None:
    previous = os.environ.get("QUIZAPP_HOME")  # make_app points it at each run's home
    try:
        with tempfile.TemporaryDirectory(prefix="quizapp-scale-home-") as big, \
                tempfile.TemporaryDirectory(prefix="quizapp-scale-home-") as small:
            shutil.copytree(folder, Path(big) / "banks")
            figures = {}
            for name, home in (("small", small), ("big", big), ("small", small), ("big", big)):
                list_s, open_s, count = asyncio.run(_list_paint(Path(home), 3))
                old = figures.get(name, (float("inf"), float("inf"), count))
                figures[name] = (min(old[0], list_s), min(old[1], open_s), count)
    finally:
        if previous is None:
            os.environ.pop("QUIZAPP_HOME", None)
        else:
            os.environ["QUIZAPP_HOME"] = previous
    (big_list, big_open, big_count), (small_list, small_open, small_count) = figures["big"], figures["small"]
    print(f"question list first paint, {big_count} questions {big_list * 1e3:8.1f} ms   "
          f"{small_count} built-in {small_list * 1e3:6.1f} ms   ratio {big_list / small_list:5.2f}x")
    print(f"open a question from that list           {big_open * 1e3:8.1f} ms   "
          f"{small_count} built-in {small_open * 1e3:6.1f} ms   ratio {big_open / small_open:5.2f}x")


# ----- exports --------------------------------------------------------------------------------

EXPORT_FORMATS = ("json", "markdown", "csv", "anki", "gift", "moodle-xml")
EXPORT_TARGET_MIB = 200

_EXPORT_CHILD = r'''
import json, sys, time
cpu = time.process_time()
fmt, count, output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if fmt == "generate-only":  # what every export does before writing: the problems, chunk by chunk as exports do
    from quizapp.export.selection import DrillSet, drill_codes
    drills = DrillSet()
    drills.add(drill_codes("mlp", 2, count, 0))
    for problem in drills:
        pass
else:
    from quizapp.cli import main
    main(["export", "-o", output, "--format", fmt, "--family", "mlp", "--difficulty", "2",
          "--count", str(count), "--force"], standalone_mode=False)
cpu = time.process_time() - cpu
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"cpu": cpu, "peak_mib": peak_kb / 1024}))
'''


def export_run(fmt: str, count: int, folder: str) -> dict:
    env = {**os.environ, "QUIZAPP_HOME": folder}
    done = subprocess.run([sys.executable, "-c", _EXPORT_CHILD, fmt, str(count), str(Path(folder) / f"out-{fmt}")],
                          capture_output=True, text=True, env=env, timeout=3600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"export {fmt} of {count} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def export_figures(counts: list[int]) -> None:
    print(f"{'export (mlp d2)':16}" + "".join(f"{f'{count:,} problems':>34}" for count in counts))
    with tempfile.TemporaryDirectory(prefix="quizapp-scale-export-") as folder:
        base = {count: export_run("generate-only", count, folder) for count in counts}
        print(f"{'generate only':16}" + "".join(
            f"{base[c]['cpu']:8.2f} s {base[c]['peak_mib']:7.0f} MiB{'':14}" for c in counts))
        for fmt in EXPORT_FORMATS:
            cells = []
            for count in counts:
                run = export_run(fmt, count, folder)
                cells.append(f"{run['cpu']:8.2f} s {run['peak_mib']:7.0f} MiB "
                             f"({run['cpu'] / base[count]['cpu']:4.1f}x,{run['peak_mib'] / base[count]['peak_mib']:4.1f}x)")
            print(f"{fmt:16}" + "".join(f"{cell:>34}" for cell in cells), flush=True)
    print("  (CPU time and peak memory of the whole `quizapp export` process; ratios against generating only;"
          f" target: under {EXPORT_TARGET_MIB} MiB at 100k in every format, time linear in the count)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="database sizes, from " + ",".join(SIZES))
    parser.add_argument("--parts", default="store,banks,export", help="any of store,banks,export")
    parser.add_argument("--export-100k", action="store_true", help="also export 100k problems (slow, GiBs)")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    sizes = [size for size in args.sizes.split(",") if size]
    unknown = [size for size in sizes if size not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; expected any of {', '.join(SIZES)}")
    parts = set(args.parts.split(","))
    folder = bank_folder()
    if "store" in parts and sizes:
        from questions import load_banks

        question_ids = [q.id for q in load_banks(folder).questions if q.id.startswith("scale")]
        results = {size: store_figures(size, database(size, question_ids), question_ids) for size in sizes}
        print_store_table(results)
    if "banks" in parts:
        bank_figures(folder)
        list_figures(folder)
    if "export" in parts:
        export_figures([1_000, 10_000] + ([100_000] if args.export_100k else []))


if __name__ == "__main__":
    main()
