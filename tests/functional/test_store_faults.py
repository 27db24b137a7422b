"""Faults in the progress store, met in the app: it keeps running, says what happened, and keeps
every graded answer (in memory, retried on disk). Tests run as root, which ignores file modes, so
the faults are the real SQLite ones set on the connection (query_only) or injected at the
connection (disk full), plus a data folder that is a file and a database from a newer release."""

from __future__ import annotations

import sqlite3

from textual.widgets import Static

from quizapp.app import make_app
from quizapp.progress.migrations import SCHEMA_VERSION
from quizapp.screens.drill import DrillScreen
from quizapp.progress.store import AnswerRecord, Store
from solver.fmt import format_value
from solver.generate import problem_from_code
from tests.functional.conftest import DRILL_CODE, settle

_FULL = 13  # SQLITE_FULL


class _DiskThatFills:
    """Stands in for the store's connection: reads pass, writes fail as a full disk does."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real, self.full = real, True

    def execute(self, sql: str, *args):
        if self.full and sql.lstrip().upper().startswith(("INSERT", "UPDATE", "BEGIN")):
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = _FULL
            raise error
        return self.real.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.real, name)


def _notices(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def _answer(pilot, text: str) -> None:
    pilot.app.focused.value = text
    await pilot.press("enter")
    await pilot.pause()


async def _open_drill(pilot) -> DrillScreen:
    await settle(pilot)
    pilot.app.open_drill(code=DRILL_CODE)
    await settle(pilot)
    assert isinstance(pilot.app.screen, DrillScreen)
    return pilot.app.screen


async def test_full_disk_while_grading_keeps_the_answer_and_saves_it_once_space_is_freed(app_factory, quizapp_home):
    app = app_factory()
    problem = problem_from_code(DRILL_CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_drill(pilot)
        await _answer(pilot, format_value(problem.value("z1")))  # saved as usual
        guarded = app.services.store
        disk = _DiskThatFills(guarded.disk._connection)
        guarded.disk._connection = disk
        await _answer(pilot, format_value(problem.value("a1")))
        assert app.is_running and isinstance(app.screen, DrillScreen)
        assert app.screen.session.current == "z2"  # graded and moved on
        notice = " ".join(_notices(app))
        assert "the disk is full" in notice and "kept in memory" in notice
        assert "kept in memory" in app.sub_title
        assert guarded.unsaved == 1
        assert [a.step for a in guarded._memory_store().answers()] == ["a1"]
        disk.full = False  # space freed: the next answer takes the kept one with it
        await _answer(pilot, format_value(problem.value("z2")))
        assert guarded.unsaved == 0 and app.sub_title == ""
        assert any("saved again" in text for text in _notices(app))
    with Store.open(quizapp_home / "progress.sqlite3") as store:
        answers = store.answers()
    assert [a.step for a in answers] == ["z1", "a1", "z2"]
    assert len({a.session for a in answers}) == 1


async def test_read_only_database_keeps_answers_in_memory_and_stats_and_review_still_open(app_factory):
    app = app_factory()
    problem = problem_from_code(DRILL_CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_drill(pilot)
        app.services.store.disk._connection.execute("PRAGMA query_only = ON")  # SQLite's own read-only
        await _answer(pilot, format_value(problem.value("z1")))
        assert app.is_running and app.screen.session.current == "a1"
        assert any("read-only" in text and "kept in memory" in text for text in _notices(app))
        assert app.services.store.unsaved == 1
        app.pop_screen()
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        assert app.screen.query_one("#stats-figures", Static)
        app.pop_screen()
        app.open_review()
        await settle(pilot)
        assert app.is_running and app.screen.query_one("#review-text", Static)


async def test_a_data_folder_that_is_a_file_still_runs_in_memory(tmp_path, clock):
    home = tmp_path / "home"
    home.write_text("not a folder")
    app = make_app(home=home, clock=clock, seed=7, cursor_blink=False)
    problem = problem_from_code(DRILL_CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_drill(pilot)
        await _answer(pilot, format_value(problem.value("z1")))
        assert app.is_running and app.screen.session.current == "a1"
        notice = " ".join(_notices(app))
        assert str(home) in notice and "a file is in the way" in notice and "memory only" in notice
        assert [a.step for a in app.services.store.answers()] == ["z1"]
        app.pop_screen()
        app.open_stats()
        await settle(pilot)
        assert "graded answers: 1" in str(app.screen.query_one("#stats-figures", Static).content.renderables[0])
    assert home.read_text() == "not a folder"


async def test_a_newer_database_is_named_and_left_untouched(app_factory, quizapp_home):
    app = app_factory()
    db = quizapp_home / "progress.sqlite3"
    with Store.open(db) as store:
        store.record_answer(AnswerRecord("bank.q1", "kept", "correct", True))
    connection = sqlite3.connect(db)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    before = db.read_bytes()
    problem = problem_from_code(DRILL_CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_drill(pilot)
        await _answer(pilot, format_value(problem.value("z1")))
        assert app.is_running
        notice = " ".join(_notices(app))
        assert f"schema version {SCHEMA_VERSION + 1}" in notice and "newer quizapp" in notice
        app.pop_screen()
        app.open_stats()
        await settle(pilot)
        assert app.is_running
    assert db.read_bytes() == before
    assert not list(quizapp_home.glob("*.corrupt-*"))


async def test_stats_with_unreadable_rows_opens_and_says_what_was_left_out(app_factory, quizapp_home):
    app = app_factory()
    with Store.open(quizapp_home / "progress.sqlite3") as store:
        store.record_answer(AnswerRecord("bank.q1", "fine", "correct", True))
        store._connection.execute("INSERT INTO answers (item, typed, verdict, correct, at) "
                                  "VALUES ('bank.q2', 'x', 'maybe', 'no', 'yesterday')")
        store._connection.execute("INSERT INTO review_log (card, rating, at) VALUES ('q:bank.q1', 3, 'never')")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        assert app.is_running
        assert "graded answers: 1" in str(app.screen.query_one("#stats-figures", Static).content.renderables[0])
        assert any("could not be read" in text for text in _notices(app))
