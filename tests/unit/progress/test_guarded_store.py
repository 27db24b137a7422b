"""The app's guarded store: writes kept in memory while the disk fails reach it in order later."""

from __future__ import annotations

import pytest

from quizapp.progress.clock import FixedClock
from quizapp.progress.guarded_store import GuardedStore
from quizapp.progress.store import AnswerRecord, Store
from tests.unit.progress.conftest import START


@pytest.fixture
def told():
    return []


def _guarded(path, told) -> GuardedStore:
    return GuardedStore(lambda: Store.open(path, FixedClock(START), fuzz=False), FixedClock(START), False,
                        lambda *what: told.append(what))


def test_a_session_started_while_read_only_reaches_the_disk_with_its_answers(tmp_path, told):
    guarded = _guarded(tmp_path / "progress.sqlite3", told)
    guarded.disk._connection.execute("PRAGMA query_only = ON")
    session = guarded.start_session("quiz")
    assert session < 0 and told[0][0] == "memory" and "read-only" in told[0][1] and told[0][2] is True
    guarded.record_answer(AnswerRecord("bank.q1", "a", "correct", True, session=session))
    guarded.review("q:bank.q1", 3)
    assert guarded.unsaved == 2 and guarded.stats().answers == 0  # the disk is still readable
    guarded.disk._connection.execute("PRAGMA query_only = OFF")
    guarded.record_answer(AnswerRecord("bank.q2", "b", "wrong", False, session=session))
    guarded.end_session(session)
    assert guarded.unsaved == 0 and told[-1] == ("saved", 2, None)
    guarded.close()
    with Store.open(tmp_path / "progress.sqlite3") as store:
        answers = store.answers()
        sessions = store.history().sessions
        assert store.card("q:bank.q1") is not None
    assert [a.typed for a in answers] == ["a", "b"]
    assert len(sessions) == 1 and sessions[0].ended and {a.session for a in answers} == {sessions[0].id}
    assert answers[0].at == START  # the time it was graded, not the time it was saved


def test_a_database_that_cannot_be_opened_leaves_a_working_memory_store(tmp_path, told):
    (tmp_path / "progress.sqlite3").mkdir()
    guarded = _guarded(tmp_path / "progress.sqlite3", told)
    assert guarded.disk is None and told == [("memory", guarded.problem, False)]
    guarded.record_answer(AnswerRecord("bank.q1", "a", "correct", True, session=guarded.start_session("quiz")))
    assert guarded.stats().answers == 1 and len(told) == 1  # said once
    guarded.close()
