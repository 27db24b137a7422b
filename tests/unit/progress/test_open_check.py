"""Opening skips the full integrity check only for a file exactly as a clean close left it;
after a kill, or any change made since, it checks (and a damaged file is moved aside as ever)."""

from __future__ import annotations

import os
import sqlite3

import pytest

from quizapp.progress import database
from quizapp.progress.database import clean_mark_path
from quizapp.progress.store import AnswerRecord, Store


@pytest.fixture
def checks(monkeypatch):
    """Whether each opening ran PRAGMA quick_check."""
    seen: list[bool] = []
    real = database._prepare

    def spy(connection, check=True):
        seen.append(check)
        return real(connection, check)

    monkeypatch.setattr(database, "_prepare", spy)
    return seen


def _answer(store: Store) -> None:
    store.record_answer(AnswerRecord("bank.q", "x", "correct", True))


def test_a_clean_close_lets_the_next_opening_skip_the_check(tmp_path, checks):
    db = tmp_path / "progress.sqlite3"
    with Store.open(db) as store:
        _answer(store)
    assert clean_mark_path(db).exists()
    with Store.open(db) as store:
        assert not clean_mark_path(db).exists()  # used up while the store is open
        assert len(store.answers()) == 1
    assert checks == [True, False]


def test_after_a_kill_the_next_opening_checks(tmp_path, checks):
    db = tmp_path / "progress.sqlite3"
    Store.open(db).close()
    killed = Store.open(db)  # never closed: as after kill -9
    _answer(killed)
    with Store.open(db) as store:
        assert len(store.answers()) == 1
    assert checks == [True, False, True]
    killed._connection.close()


def test_a_second_instance_opening_while_the_first_is_open_checks(tmp_path, checks):
    db = tmp_path / "progress.sqlite3"
    Store.open(db).close()
    with Store.open(db), Store.open(db):
        pass
    assert checks == [True, False, True]


def test_a_file_changed_after_a_clean_close_is_checked_and_a_damaged_one_moved_aside(tmp_path, checks):
    db = tmp_path / "progress.sqlite3"
    with Store.open(db) as store:
        for _ in range(300):
            _answer(store)
    info = os.stat(db)
    data = bytearray(db.read_bytes())
    page = 4096
    data[2 * page:3 * page] = b"\xff" * page  # a b-tree page overwritten, size unchanged
    db.write_bytes(bytes(data))
    os.utime(db, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))  # whatever the clock's grain
    with Store.open(db) as store:
        assert store.recovered_from is not None
        assert store.answers() == []
    assert checks[:2] == [True, True]


def test_a_store_that_met_an_error_does_not_vouch_for_its_file(tmp_path, checks):
    db = tmp_path / "progress.sqlite3"
    store = Store.open(db)
    store._connection.execute("DROP TABLE answers")  # a foreign tool, say: the next write fails
    with pytest.raises(Exception):
        _answer(store)
    store.close()
    assert not clean_mark_path(db).exists()
    sqlite3.connect(db).close()
