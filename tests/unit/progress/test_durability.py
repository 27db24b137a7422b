"""Crash safety, concurrent writers, corrupt-database recovery, full and read-only databases."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.progress.migrations import SCHEMA_VERSION
from quizapp.progress.store import AnswerRecord, Store, StoreError

WRITER = Path(__file__).with_name("answer_writer.py")


def _writer(db: Path, count: int, tag: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WRITER), str(db), str(count), tag],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_mid_session_loses_no_graded_answer(tmp_path):
    db = tmp_path / "progress.sqlite3"
    child = _writer(db, 0, "crash")
    printed: list[int] = []
    try:
        assert child.stdout.readline().startswith("session ")
        while len(printed) < 60:
            line = child.stdout.readline()
            assert line, child.stderr.read()
            printed.append(int(line))
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    # Ids printed after the 60th were committed too; a last partial line was not yet printed whole.
    printed += [int(line) for line in rest.split("\n")[:-1] if line.strip()]
    with Store.open(db) as store:
        assert store.recovered_from is None
        answers = store.answers()
        saved = {answer.id for answer in answers}
        sessions = store.history(5).sessions
    assert set(printed) <= saved
    assert len(saved) >= len(printed)
    # Killed before end_session: the next opening ends it for it, honestly, at its last answer.
    assert (sessions[0].state, sessions[0].answers) == ("interrupted", len(saved))
    assert sessions[0].ended == answers[-1].at


def test_two_processes_write_at_once(tmp_path):
    db = tmp_path / "progress.sqlite3"  # not there yet: both create and migrate it at once
    children = [_writer(db, 60, tag) for tag in ("a", "b")]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, outputs):
        assert child.returncode == 0, err
    with Store.open(db) as store:
        typed = [answer.typed for answer in store.answers()]
        reviews = store.review_log()
    assert sorted(typed) == sorted(f"{tag}-{i}" for tag in "ab" for i in range(60))
    assert len(reviews) == 2 * 12


def test_two_connections_in_threads_write_at_once(tmp_path):
    db = tmp_path / "progress.sqlite3"
    stores = [Store.open(db), Store.open(db)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(store: Store, tag: str) -> None:
        try:
            barrier.wait()
            for index in range(100):
                store.record_answer(AnswerRecord(f"bank.q{index}", f"{tag}{index}", "correct", True))
                store.review(f"q:bank.q{index % 7}", 3)
        except BaseException as error:  # surfaced below: a thread's exception is otherwise lost
            errors.append(error)

    threads = [threading.Thread(target=write, args=(s, t)) for s, t in zip(stores, "xy")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(stores[0].answers()) == 200
    assert len(stores[1].review_log()) == 200
    for store in stores:
        store.close()


def _filled_database(path: Path, answers: int = 5) -> None:
    Store.open(path).close()
    connection = sqlite3.connect(path)  # one transaction: thousands of fsyncs would only slow the test
    connection.executemany(
        "INSERT INTO answers (item, typed, verdict, correct, at) VALUES (?, ?, 'correct', 1, ?)",
        [(f"bank.q{index}", "answer " * 30, "2026-01-01T00:00:00.000000+00:00") for index in range(answers)])
    connection.commit()
    connection.close()


def _assert_recovered(path: Path, original: bytes | None = None) -> None:
    with Store.open(path) as store:
        moved = store.recovered_from
        assert moved is not None and moved.exists()
        assert moved.parent == path.parent
        assert moved.name.startswith("progress.sqlite3.corrupt-")
        assert moved.name.endswith("Z")
        if original is not None:
            assert moved.read_bytes() == original  # kept byte for byte, not discarded
        assert str(moved) in store.recovery_message("en")
        assert str(moved) in store.recovery_message("zh")
        assert store.answers() == []
        store.record_answer(AnswerRecord("bank.q", "x", "correct", True))
    with Store.open(path) as again:  # the fresh database is healthy and kept
        assert again.recovered_from is None
        assert len(again.answers()) == 1
        assert again._connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_garbage_file_is_moved_aside_and_a_fresh_database_made(tmp_path):
    db = tmp_path / "progress.sqlite3"
    garbage = bytes(range(256)) * 64
    db.write_bytes(garbage)
    (tmp_path / "progress.sqlite3-wal").write_bytes(b"stale wal")
    _assert_recovered(db, garbage)
    assert list(tmp_path.glob("progress.sqlite3.corrupt-*-wal"))


def test_truncated_database_is_moved_aside(tmp_path):
    db = tmp_path / "progress.sqlite3"
    _filled_database(db, answers=2000)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    _assert_recovered(db, data[: len(data) // 2])


def test_cli_tells_the_user_where_the_corrupt_database_went(home):
    home.mkdir(parents=True)
    (home / "progress.sqlite3").write_bytes(b"not a database at all" * 100)
    from quizapp.cli import main

    result = CliRunner().invoke(main, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    moved = list(home.glob("progress.sqlite3.corrupt-*"))
    assert len(moved) == 1
    assert str(moved[0]) in result.stderr
    assert '"answers": 0' in result.stdout


def test_full_disk_is_a_clear_error_and_keeps_what_was_saved(tmp_path):
    db = tmp_path / "progress.sqlite3"
    store = Store.open(db)
    pages = store._connection.execute("PRAGMA page_count").fetchone()[0]
    store._connection.execute(f"PRAGMA max_page_count = {pages + 2}")  # the "disk" holds 2 more pages
    saved = 0
    with pytest.raises(StoreError, match="disk is full"):
        for index in range(10_000):
            store.record_answer(AnswerRecord(f"bank.q{index}", "long answer " * 50, "correct", True))
            saved += 1
    assert 0 < saved < 10_000
    assert len(store.answers()) == saved
    store.close()


def test_read_only_database_is_a_clear_error(tmp_path):
    db = tmp_path / "progress.sqlite3"
    store = Store.open(db)
    store._connection.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError, match="read-only"):
        store.start_session("drill")
    store.close()


def test_unopenable_path_is_a_clear_error(tmp_path):
    db = tmp_path / "progress.sqlite3"
    db.mkdir()  # a folder where the database file should be
    with pytest.raises(StoreError, match="cannot open"):
        Store.open(db)


def test_store_error_is_shown_without_traceback(home):
    home.mkdir(parents=True)
    (home / "progress.sqlite3").mkdir()
    from quizapp.cli import main

    result = CliRunner().invoke(main, ["history"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot open the progress database")
    assert "Traceback" not in result.output
