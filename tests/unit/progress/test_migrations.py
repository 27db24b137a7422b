"""A database written by every earlier schema version opens, keeps its data and is brought up to date."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from quizapp.progress.clock import FixedClock
from quizapp.progress.migrations import MIGRATIONS, SCHEMA_VERSION, pending
from quizapp.progress.scheduling import new_fsrs_card
from quizapp.progress.store import Store

# The first release's schema, copied here by hand: if someone edits migration 1 instead of
# adding a new one, this test still builds what real old databases contain.
V1_DDL = """
CREATE TABLE sessions (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, started TEXT NOT NULL, ended TEXT);
CREATE TABLE answers (id INTEGER PRIMARY KEY, session INTEGER REFERENCES sessions(id), item TEXT NOT NULL,
    step TEXT, typed TEXT NOT NULL, verdict TEXT NOT NULL, correct INTEGER NOT NULL,
    carried_forward INTEGER NOT NULL DEFAULT 0, at TEXT NOT NULL);
CREATE TABLE cards (id TEXT PRIMARY KEY, state TEXT NOT NULL, due TEXT NOT NULL);
CREATE TABLE review_log (id INTEGER PRIMARY KEY, card TEXT NOT NULL, rating INTEGER NOT NULL, at TEXT NOT NULL,
    duration_ms INTEGER);
PRAGMA user_version = 1;
"""

WHEN = datetime(2026, 2, 1, 8, 0, tzinfo=timezone.utc)
NOW = WHEN + timedelta(days=3)


def _at(days: float) -> str:
    return (WHEN + timedelta(days=days)).isoformat(timespec="microseconds")


def _fill(connection: sqlite3.Connection, version: int) -> None:
    """Rows as a release at `version` would have written them."""
    connection.execute("INSERT INTO sessions (id, kind, started, ended) VALUES (1, 'drill', ?, ?)",
                       (_at(0), _at(0.01)))
    if version >= 7:  # a release at version 7 names the problem a drill session is about
        connection.execute("UPDATE sessions SET item = 'chain2:sigmoid:d1#7'")
    answers = [
        (1, "chain2:sigmoid:d1#7", "dL/dw1", "0.25", "correct", 1, 0, _at(0)),
        (1, "chain2:sigmoid:d1#7", "dL/db", "0.5", "consistent", 1, 1, _at(0.001)),
        (1, "article.forward-what", None, "weighted sum", "correct", 1, 0, _at(0.002)),
    ]
    for row in answers:
        if version >= 3:  # a release at version 3 writes each answer's kind
            kind = "drill" if ":" in row[1] else "question"
            connection.execute(
                "INSERT INTO answers (session, item, step, typed, verdict, correct, carried_forward, at, "
                "mistake, seconds, kind) VALUES (?,?,?,?,?,?,?,?, 'half_factor', 4.5, ?)", (*row, kind))
        elif version >= 2:
            connection.execute(
                "INSERT INTO answers (session, item, step, typed, verdict, correct, carried_forward, at, "
                "mistake, seconds) VALUES (?,?,?,?,?,?,?,?, 'half_factor', 4.5)", row)
        else:
            connection.execute(
                "INSERT INTO answers (session, item, step, typed, verdict, correct, carried_forward, at) "
                "VALUES (?,?,?,?,?,?,?,?)", row)
    card = new_fsrs_card("q:article.forward-what", WHEN)
    connection.execute("INSERT INTO cards (id, state, due) VALUES (?, ?, ?)",
                       ("q:article.forward-what", card.to_json(), _at(0)))
    connection.execute("INSERT INTO review_log (card, rating, at, duration_ms) VALUES (?, 3, ?, 9000)",
                       ("q:article.forward-what", _at(0)))
    if version >= 2:
        connection.execute("UPDATE cards SET introduced = ?", (_at(0),))
    connection.commit()


def _database_at(path, version: int) -> None:
    connection = sqlite3.connect(path)
    if version == 1:
        connection.executescript(V1_DDL)
    else:
        for migration in MIGRATIONS[:version]:
            for statement in migration.statements:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    _fill(connection, version)
    connection.close()


def test_versions_are_ordered_and_pending_lists_the_rest():
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    assert SCHEMA_VERSION >= 2
    assert pending(0) == MIGRATIONS
    assert pending(SCHEMA_VERSION) == ()
    assert [m.version for m in pending(1)] == list(range(2, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_earlier_version_migrates_and_keeps_its_data(tmp_path, version):
    db = tmp_path / "progress.sqlite3"
    _database_at(db, version)
    with Store.open(db, clock=FixedClock(NOW)) as store:
        assert store.recovered_from is None
        assert store._connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        answers = store.answers()
        assert [(a.item, a.step, a.typed, a.verdict, a.carried_forward) for a in answers] == [
            ("chain2:sigmoid:d1#7", "dL/dw1", "0.25", "correct", False),
            ("chain2:sigmoid:d1#7", "dL/db", "0.5", "consistent", True),
            ("article.forward-what", None, "weighted sum", "correct", False),
        ]
        # Migration 6: every answer from before was a first try, with no hint rung on record.
        assert [(a.attempt, a.hints) for a in answers] == [(1, 0)] * 3
        # Migration 3 told drill steps from questions by their item.
        assert [a.kind for a in answers] == ["drill", "drill", "question"]
        assert [a.mistake for a in answers] == (["half_factor"] * 3 if version >= 2 else [None] * 3)
        # Migration 2 backfilled when the card was introduced, from the review log.
        introduced = store._connection.execute("SELECT introduced FROM cards").fetchone()[0]
        assert introduced == _at(0)
        assert store.card("q:article.forward-what").due == WHEN
        assert [d.card_id for d in store.due()] == ["q:article.forward-what"]
        session = store.history(5).sessions[0]
        assert session.answers == 3
        # Migration 5 named the problem a drill session was about, from its first answer; how an
        # older release ended it is not known (not "finished": it may be picked up again).
        assert (session.item, session.state) == ("chain2:sigmoid:d1#7", "ended")
        # ...and the migrated database takes new records.
        store.record_answer(answers[0].__class__("article.x", "y", "wrong", False, topics=("loss",)))
        state = store.review("q:article.forward-what", 3)
        assert state.last_review == NOW
        assert store.stats().answers == 4
        # Migration 4 built the stats' tallies from the answers already there.
        tallies = store._connection.execute(
            "SELECT kind, grouping, correct, count FROM answer_tallies ORDER BY kind, grouping").fetchall()
        assert tallies == [("drill", "chain2:sigmoid:d1#0", 1, 2), ("question", "article.forward-what", 1, 1),
                           ("question", "article.x", 0, 1)]
        # A second try at a step is a row of its own, its number and hint rung kept.
        retry = store.record_answer(answers[0].__class__("chain2:sigmoid:d1#7", "0.3", "correct", True,
                                                         step="dL/dw1", attempt=2, hints=1))
        assert (store.answers()[-1].attempt, store.answers()[-1].hints) == (2, 1) == (retry.attempt, retry.hints)


def test_v1_built_by_hand_matches_migration_1(tmp_path):
    by_hand, by_code = tmp_path / "hand.sqlite3", tmp_path / "code.sqlite3"
    sqlite3.connect(by_hand).executescript(V1_DDL)
    connection = sqlite3.connect(by_code)
    for statement in MIGRATIONS[0].statements:
        connection.execute(statement)
    connection.commit()

    def columns(path):
        db = sqlite3.connect(path)
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: [row[1:3] for row in db.execute(f"PRAGMA table_info({t})")] for t in tables}

    assert columns(by_hand) == columns(by_code)


def test_a_fresh_database_is_at_the_current_version(tmp_path):
    db = tmp_path / "progress.sqlite3"
    with Store.open(db) as store:
        connection = store._connection
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
