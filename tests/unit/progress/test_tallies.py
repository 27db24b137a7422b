"""Stats read tallies that triggers keep in each answer's transaction (migration 4): over any
history (answers written, some rows deleted or edited by hand, odd values) they equal the
GROUP BY over every answer that they replace, and so do the figures."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings, strategies as st

from quizapp.progress.clock import FixedClock
from quizapp.progress.migrations import MIGRATIONS, first_try, migrate
from quizapp.progress.stats import summarize
from quizapp.progress.store import AnswerRecord, Store, _code_family, _tally, tally_rows

# What stats grouped before the tallies: every answer, drills by the solver's code parser (and,
# from migration 9, first tries apart from retries).
GROUP_BY = ("SELECT kind, CASE WHEN kind = 'drill' THEN code_family(item) "
            f"ELSE item END, topics, mistake, correct, {first_try('')}, COUNT(*) FROM answers GROUP BY 1, 2, 3, 4, 5, 6")

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
ITEMS = ["chain2:sigmoid:d1#7", "chain2:relu:d2#8", "mlp:d2#1", "mlp:d2#0", "mlp:d2#x", "mlp:d2:g9#4", "gd#3",
         "MLP:d2#1", " mlp:d2#5", "mlp:d2#5 ", "mlp:d2#12345678901234567890", "nope:d1#3", "mlp::d1#2",
         "article.forward-what", "mine.q", "mlp", "a#b#1"]
answers = st.builds(
    AnswerRecord, item=st.sampled_from(ITEMS), typed=st.just("0.5"), verdict=st.sampled_from(["correct", "wrong"]),
    correct=st.booleans(), step=st.sampled_from([None, "z1"]),
    mistake=st.sampled_from([None, "half_factor", "sign_flip", ""]),
    topics=st.lists(st.sampled_from(["relu", "chain-rule", ""]), max_size=2).map(tuple),
    kind=st.sampled_from([None, None, "drill", "question"]), attempt=st.sampled_from([1, 1, 2, 3]))
# What a hand edit or a foreign tool may do to the answers table besides our writes.
edits = st.one_of(
    st.tuples(st.just("delete"), st.integers(1, 40)),
    st.tuples(st.just("mistake"), st.integers(1, 40), st.sampled_from([None, "half_factor", "x"])),
    st.tuples(st.just("correct"), st.integers(1, 40), st.sampled_from([0, 1, "yes", 2.5, None])),
    st.tuples(st.just("kind"), st.integers(1, 40), st.sampled_from(["drill", "question", "other"])),
    st.tuples(st.just("attempt"), st.integers(1, 40), st.sampled_from([1, 2, 0, "2", 2.5, None])),
)


def _multiset(rows) -> Counter:
    """Groups and their counts. A drill's group is compared by what the figures read of it (its
    family, as stats.accuracy_by_family splits it): for a code the parser refuses, GROUP BY kept
    the whole code, seed and all, and a tally keeps it with the seed set to 0."""
    counts: Counter = Counter()
    for kind, key, *group, count in rows:
        if kind == "drill" and isinstance(key, str):
            key = key.split("#", 1)[0].split(":", 1)[0]
        counts[(kind, key, *group)] += count
    return counts


def _grouped(connection) -> Counter:
    connection.create_function("code_family", 1, _code_family, deterministic=True)
    return _multiset(connection.execute(GROUP_BY))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=st.lists(st.one_of(answers, edits), max_size=40))
def test_tallies_equal_the_group_by_over_every_answer(history):
    store = Store.in_memory(FixedClock(NOW))
    db = store._connection
    for step in history:
        if isinstance(step, AnswerRecord):
            store.record_answer(step)
        elif step[0] == "delete":
            db.execute("DELETE FROM answers WHERE id = ?", (step[1],))
        else:
            try:
                db.execute(f"UPDATE answers SET {step[0]} = ? WHERE id = ?", (step[2], step[1]))
            except sqlite3.IntegrityError:  # the schema refuses it (correct = NULL): no edit happened
                pass
    assert _multiset(tally_rows(db)) == _grouped(db)
    assert not db.execute("SELECT 1 FROM answer_tallies WHERE count <= 0").fetchall()
    grouped = db.execute(GROUP_BY).fetchall()
    readable = [_tally(*row) for row in grouped if _readable(row)]
    assert store.stats(now=NOW) == summarize(readable, [], [], NOW, sessions=0,
                                             skipped_rows=sum(row[-1] for row in grouped if not _readable(row)))
    store.close()


def _readable(row) -> bool:
    try:
        _tally(*row)
        return True
    except Exception:
        return False


# Review times as the store writes them (two on one day) and as a hand edit may leave them.
REVIEW_TIMES = ["2026-03-01T08:00:00.000000+00:00", "2026-03-01T20:00:00.000000+00:00",
                "2026-03-02T08:00:00.000000+00:00", "2026-02-27T08:00:00.000000+00:00", "2026-03-02", "x", "",
                20260301, 1.5, b"2026-03-01T08:00:00.000000+00:00"]


def _review_days(connection) -> Counter:
    return Counter(dict(connection.execute("SELECT day, reviews FROM review_days")))


def _days_grouped(connection) -> Counter:
    """What the streak read before migration 9: the review log's days, with their reviews."""
    return Counter(dict(connection.execute("SELECT substr(at, 1, 10), COUNT(*) FROM review_log GROUP BY 1")))


@settings(max_examples=20, deadline=None)
@given(history=st.lists(st.one_of(st.tuples(st.just("review"), st.sampled_from(REVIEW_TIMES)),
                                  st.tuples(st.just("delete"), st.integers(1, 12)),
                                  st.tuples(st.just("at"), st.integers(1, 12), st.sampled_from(REVIEW_TIMES))),
                        max_size=16))
def test_reviews_tallied_per_day_equal_the_review_log(history):
    """Whoever writes, deletes or edits the review log, the days equal its GROUP BY, and the
    streak and review count those of reading every review."""
    from quizapp.progress import row_reading
    from quizapp.progress.stats import current_streak

    store = Store.in_memory(FixedClock(NOW))
    db = store._connection
    for step in history:
        if step[0] == "review":
            db.execute("INSERT INTO review_log (card, rating, at) VALUES ('q:a', 3, ?)", (step[1],))
        elif step[0] == "delete":
            db.execute("DELETE FROM review_log WHERE id = ?", (step[1],))
        else:
            db.execute("UPDATE review_log SET at = ? WHERE id = ?", (step[2], step[1]))
    assert _review_days(db) == _days_grouped(db)
    assert not db.execute("SELECT 1 FROM review_days WHERE reviews <= 0").fetchall()
    days = []
    for (day,) in db.execute("SELECT DISTINCT substr(at, 1, 10) FROM review_log"):
        try:
            days.append(row_reading.day(day))
        except ValueError:
            pass
    figures = store.stats(now=NOW)
    assert figures.streak == current_streak(days, NOW.date())
    assert figures.reviews == db.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
    store.close()


def _old_database(path, rows, version: int, reviews=()) -> None:
    """A database at `version` (3: before the tallies; 8: tallies of every try alike) with `rows`
    and reviews at the times `reviews`."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous = OFF")  # a test file: no fsync per row
    connection.execute("BEGIN")
    for migration in MIGRATIONS[:version]:
        for statement in migration.statements:
            connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {version}")
    for item, kind, topics, mistake, correct, attempt in rows:
        connection.execute("INSERT INTO answers (item, kind, topics, mistake, correct, typed, verdict, at) "
                           "VALUES (?, ?, ?, ?, ?, '1', 'correct', '2026-03-01T00:00:00.000000+00:00')",
                           (item, kind, topics, mistake, correct))
        if version >= 6:  # tries numbered from migration 6
            connection.execute("UPDATE answers SET attempt = ? WHERE id = last_insert_rowid()", (attempt,))
    for at in reviews:
        connection.execute("INSERT INTO review_log (card, rating, at) VALUES ('q:a', 3, ?)", (at,))
    connection.execute("COMMIT")
    connection.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from(ITEMS), st.sampled_from(["drill", "question", "odd"]),
                               st.sampled_from(["", "relu", "relu,chain-rule"]),
                               st.sampled_from([None, "half_factor"]), st.sampled_from([0, 1, "bad"]),
                               st.sampled_from([1, 2, 3])),
                     max_size=30), version=st.sampled_from([3, 8]),
       reviews=st.lists(st.sampled_from(REVIEW_TIMES), max_size=6))
def test_the_migration_builds_the_tallies_of_an_existing_history(tmp_path_factory, rows, version, reviews):
    path = tmp_path_factory.mktemp("old") / "progress.sqlite3"
    _old_database(path, rows, version, reviews)
    connection = sqlite3.connect(path, isolation_level=None)
    migrate(connection)
    assert _multiset(tally_rows(connection)) == _grouped(connection)
    assert _review_days(connection) == _days_grouped(connection)
    connection.close()
    clock = FixedClock(NOW)
    with Store.open(path, clock) as store:
        figures = store.stats()
        # The figures the GROUP BY gave, read through the same defensive row reader.
        skipped = 0
        grouped = []
        check = sqlite3.connect(path)
        check.create_function("code_family", 1, _code_family, deterministic=True)
        for row in check.execute(GROUP_BY):
            try:
                grouped.append(_tally(*row))
            except Exception:
                skipped += row[-1]
        expected = summarize(grouped, [], [], clock.now(), sessions=0, skipped_rows=skipped)
        if not reviews:
            assert figures == expected
        else:  # the reviews' figures are test_reviews_tallied_per_day_equal_the_review_log's
            assert _answer_figures(figures) == _answer_figures(expected)


def _answer_figures(figures) -> tuple:
    return (figures.answers, figures.correct, figures.retries, figures.right_after_retry, figures.by_topic,
            figures.by_family, figures.mistakes)


# Due dates as the store writes them, around the bounds of today and of the week (NOW is 09:00),
# and what a hand edit or a foreign tool may leave: other offsets or widths, impossible dates
# SQLite's own parser would accept, no date at all, numbers and bytes.
DUES = ["2026-03-02T23:59:59.999999+00:00", "2026-03-03T00:00:00.000000+00:00", "2026-03-09T09:00:00.000000+00:00",
        "2026-03-09T09:00:00.000001+00:00", "2026-03-01T12:00:00.000000+00:00", "2027-01-01T00:00:00.000000+00:00",
        "2026-03-02T12:00:00+00:00", "2026-03-02T23:00:00.000000-02:00", "2026-03-02T10:00:00.000000+01:00",
        "2026-02-30T00:00:00.000000+00:00", "2026-03-02T24:00:00.000000+00:00", "0000-01-01T00:00:00.000000+00:00",
        "2026-03-02T09:00:00.000000", "2026-03-02", "soon", "", 20260302, 1.5, b"2026-03-02T09:00:00.000000+00:00"]


@settings(max_examples=30, deadline=None)
@given(dues=st.lists(st.sampled_from(DUES), max_size=12))
def test_due_counts_from_sql_equal_reading_every_card(dues):
    from quizapp.progress import row_reading

    store = Store.in_memory(FixedClock(NOW))
    db = store._connection
    for index, due in enumerate(dues):
        db.execute("INSERT INTO cards (id, state, due) VALUES (?, '{}', ?)", (f"card{index}", due))
    readable, skipped = [], 0
    for (due,) in db.execute("SELECT due FROM cards"):  # the straightforward way: every card in Python
        try:
            readable.append(row_reading.moment(due))
        except ValueError:
            skipped += 1
    assert store.stats(now=NOW) == summarize([], [], readable, NOW, sessions=0, skipped_rows=skipped)
    store.close()


def test_stats_queries_use_the_indexes_of_migration_5():
    from quizapp.progress.store import DUE_COUNTED, DUE_ODD, QUESTION_GROUPS

    store = Store.in_memory(FixedClock(NOW))
    db = store._connection

    def plan(query: str, *parameters) -> str:
        return " ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + query, parameters))

    assert "cards_odd_due" in plan(DUE_ODD, "a", "b")
    assert "COVERING INDEX cards_due" in plan(DUE_COUNTED, "a", "b")
    grouped = plan(QUESTION_GROUPS)
    assert "answer_tallies_figures" in grouped and "TEMP B-TREE" not in grouped
    store.close()
