"""Faults in the progress store: a newer database, several instances recovering a corrupt one at
once, and rows whose values are not what their columns hold. Driven through Store, the CLI, and
real processes (the TUI's side is in tests/functional/test_store_faults.py)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.progress.database import identity, move_aside
from quizapp.progress.migrations import SCHEMA_VERSION
from quizapp.progress.store import AnswerRecord, NewerDatabase, Store

WRITER = Path(__file__).with_name("answer_writer.py")


def _newer_database(path: Path) -> bytes:
    """A database as a later release would leave it (closed, so no -wal): its bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        store.record_answer(AnswerRecord("bank.q1", "kept", "correct", True))
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    return path.read_bytes()


def _folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_newer_database_is_refused_and_left_byte_for_byte(tmp_path):
    db = tmp_path / "progress.sqlite3"
    before = _newer_database(db)
    listing = _folder_listing(tmp_path)
    with pytest.raises(NewerDatabase) as refused:
        Store.open(db)
    message = refused.value.format_message()
    assert f"schema version {SCHEMA_VERSION + 1}" in message and "newer quizapp" in message
    assert f"up to {SCHEMA_VERSION}" in message and "\n" not in message
    assert db.read_bytes() == before
    assert [n for n in _folder_listing(tmp_path) if not n.endswith(".lock")] == \
        [n for n in listing if not n.endswith(".lock")]
    assert not list(tmp_path.glob("*.corrupt-*"))


@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["history"],
                                     ["drill", "chain2:sigmoid:d1#1", "--plain"]])
def test_cli_refuses_a_newer_database_in_one_line(home, command):
    db = home / "progress.sqlite3"
    before = hashlib.sha256(_newer_database(db)).hexdigest()
    result = CliRunner().invoke(main, command, input="0.5\n")
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: the progress database")
    assert "newer quizapp" in result.stderr and "Traceback" not in result.output
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not list(home.glob("*.corrupt-*"))


def test_moving_aside_leaves_a_file_that_is_no_longer_the_one_found_corrupt(tmp_path):
    from datetime import datetime, timezone

    db = tmp_path / "progress.sqlite3"
    db.write_bytes(b"garbage" * 100)
    found = identity(db)
    db.unlink()
    with Store.open(db) as store:  # another instance's fresh, healthy database
        store.record_answer(AnswerRecord("bank.q1", "fresh", "correct", True))
    assert move_aside(db, datetime.now(timezone.utc), found) is None
    assert not list(tmp_path.glob("*.corrupt-*"))
    with Store.open(db) as store:
        assert [a.typed for a in store.answers()] == ["fresh"]


def test_instances_recovering_a_corrupt_database_at_once_keep_every_answer(tmp_path):
    db = tmp_path / "progress.sqlite3"
    garbage = b"this is not a database " * 200
    db.write_bytes(garbage)
    tags = [f"p{index}" for index in range(6)]
    children = [subprocess.Popen([sys.executable, str(WRITER), str(db), "8", tag],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in tags]
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
    moved = [p for p in tmp_path.glob("progress.sqlite3.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1, moved  # moved aside once, not once per instance
    assert moved[0].read_bytes() == garbage
    with Store.open(db) as store:
        assert store.recovered_from is None
        typed = sorted(a.typed for a in store.answers())
    assert typed == sorted(f"{tag}-{i}" for tag in tags for i in range(8))


def _with_bad_rows(store: Store) -> None:
    store.record_answer(AnswerRecord("bank.q1", "fine", "correct", True, topics=("backprop",)))
    store.review("q:bank.q1", 3)
    db = store._connection
    db.execute("INSERT INTO answers (item, typed, verdict, correct, at) VALUES ('bank.q2', 'x', 'wrong', 0, 'yesterday')")
    db.execute("INSERT INTO answers (item, typed, verdict, correct, topics, at) "
               "VALUES ('bank.q3', 'x', 'wrong', 0, X'0102', '2026-03-01T00:00:00+00:00')")
    db.execute("INSERT INTO answers (item, typed, verdict, correct, seconds, at) "
               "VALUES ('bank.q4', 'x', 'wrong', 'no', 'slow', '2026-03-01T00:00:00+00:00')")
    db.execute("INSERT INTO review_log (card, rating, at) VALUES ('q:bank.q1', 3, 'not a time')")
    db.execute("INSERT INTO cards (id, state, due) VALUES ('q:bank.q9', '{}', 'soon')")
    db.execute("INSERT INTO sessions (kind, started) VALUES ('quiz', 12345)")


def test_stats_and_history_skip_rows_they_cannot_read(store):
    _with_bad_rows(store)
    figures = store.stats()
    assert figures.answers == 2 and figures.reviews == 2  # the time of an answer is not needed here
    assert figures.skipped_rows >= 4
    assert figures.due.next_7_days >= 1  # the good card is still counted
    recent = store.history(10)
    assert [a.typed for a in recent.answers] == ["fine"]
    assert recent.skipped_rows >= 4
    assert store.card("q:bank.q9") is None  # '{}' is no card state
    later = store.clock.now() + timedelta(days=400)
    assert [card.card_id for card in store.due(now=later, new_limit=0)] == ["q:bank.q1"]


@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["history"], ["history", "--json"]])
def test_cli_shows_progress_with_unreadable_rows_left_out(home, command):
    home.mkdir(parents=True)
    with Store.open(home / "progress.sqlite3") as store:
        _with_bad_rows(store)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert "could not be read" in result.stderr and "Traceback" not in result.output


DRILL = "chain2:sigmoid:d1#1768"


def _plain_drill_answers() -> str:
    from solver.generate import problem_from_code

    problem = problem_from_code(DRILL)
    return "\n".join(repr(float(problem.values[step])) for step in problem.answers) + "\n"


def test_plain_drill_keeps_going_on_a_full_disk_and_saves_once_space_is_freed(home, monkeypatch):
    from quizapp.progress.database import StoreError
    from solver.generate import problem_from_code

    real_record = Store.record_answer
    calls = []

    def fills_then_frees(self, record):
        if str(self.path) == ":memory:":  # where the app keeps answers meanwhile
            return real_record(self, record)
        calls.append(record.step)
        if len(calls) <= 2:  # the first two answers meet a full disk; then space is freed
            raise StoreError(f"the disk is full: could not save progress to {self.path}; free some space")
        return real_record(self, record)

    monkeypatch.setattr(Store, "record_answer", fills_then_frees)
    result = CliRunner().invoke(main, ["drill", DRILL, "--plain", "--lang", "en"], input=_plain_drill_answers())
    assert result.exit_code == 0, result.output
    assert result.stderr.count("the disk is full") == 1 and "kept in memory" in result.stderr
    assert "saved again" in result.stderr
    monkeypatch.setattr(Store, "record_answer", real_record)
    with Store.open(home / "progress.sqlite3") as store:
        steps = [a.step for a in store.answers()]
        assert store.card("drill:chain2:d1") is not None
    assert steps == list(problem_from_code(DRILL).answers)  # every step, in the order graded


def test_plain_drill_on_a_read_only_database_asks_every_step_and_says_what_was_not_saved(home, monkeypatch):
    real_open = Store.open.__func__

    def read_only(cls, *args, **kwargs):
        store = real_open(cls, *args, **kwargs)
        store._connection.execute("PRAGMA query_only = ON")
        return store

    monkeypatch.setattr(Store, "open", classmethod(read_only))
    result = CliRunner().invoke(main, ["drill", DRILL, "--plain", "--lang", "en"], input=_plain_drill_answers())
    assert result.exit_code == 0, result.output
    assert "read-only" in result.stderr and "could not be saved" in result.stderr
    assert "Traceback" not in result.output
