"""How sessions end: a killed app's session is ended as interrupted by the next instance, one still
running keeps its session open, and a drill left unfinished can be found again to be resumed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta

from quizapp.progress.owner import QUIET_HOURS, is_gone, this_process
from quizapp.progress.store import AnswerRecord

CODE = "chain2:sigmoid:d1#7"


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _session_of(store, owner: str | None, answers: int = 1) -> int:
    session = store.start_session("drill", CODE)
    store._connection.execute("UPDATE sessions SET owner = ? WHERE id = ?", (owner, session))
    for index in range(answers):
        store.record_answer(AnswerRecord(CODE, str(index), "correct", True, step=f"s{index}", session=session))
    return session


def test_open_sessions_end_as_interrupted_only_when_their_writer_is_gone(store, clock):
    host = socket.gethostname()
    killed = _session_of(store, f"{host}|{_dead_pid()}|", answers=2)
    running = _session_of(store, f"{host}|{os.getppid()}|")  # our parent: alive
    ours = _session_of(store, this_process())
    legacy_quiet = _session_of(store, None)
    clock.advance(timedelta(hours=QUIET_HOURS + 1))
    legacy_recent = _session_of(store, None)  # an older release's, written a moment ago
    elsewhere = _session_of(store, f"{host}-other-machine|123|")

    assert store.close_interrupted() == 2
    states = {s.id: (s.state, s.ended) for s in store.history(10).sessions}
    last_answer = store.answers(session=killed)[-1].at
    assert states[killed] == ("interrupted", last_answer)
    assert states[legacy_quiet][0] == "interrupted"
    for still_open in (running, ours, legacy_recent, elsewhere):
        assert states[still_open] == ("open", None)
    assert store.close_interrupted() == 0  # once only


def test_a_reused_process_id_is_not_the_writer():
    me = this_process()
    host, pid, started = me.split("|")
    assert started, "Linux tells when a process started"
    assert not is_gone(me, None, None)
    # Our id, an earlier start: a process that had our id before us, and is gone.
    assert is_gone(f"{host}|{pid}|{int(started) - 1}", None, None)
    assert is_gone(f"{host}|{os.getppid()}|1", None, None)  # the id runs, but a process started later


def test_unfinished_drills_are_the_latest_session_of_each_problem_left_before_its_end(store):
    left = store.start_session("drill", CODE)
    store.record_answer(AnswerRecord(CODE, "1", "wrong", False, step="a", session=left))
    store.end_session(left, "left")
    other = store.start_session("drill", "chain2:tanh:d1#3")
    store.end_session(other, "finished")
    assert store.unfinished_drills() == [(left, CODE)]

    resumed = store.start_session("drill", CODE, resumes=left)
    store.record_answer(AnswerRecord(CODE, "2", "correct", True, step="b", session=resumed))
    assert store.unfinished_drills() == []  # its latest session is open: being worked on right now
    store.end_session(resumed, "left")
    assert store.unfinished_drills(item=CODE) == [(resumed, CODE)]
    assert [a.typed for a in store.drill_work(resumed)] == ["1", "2"]  # the whole chain, in order

    fresh = store.start_session("drill", CODE)  # started over: the chain is broken
    store.record_answer(AnswerRecord(CODE, "3", "correct", True, step="a", session=fresh))
    store.end_session(fresh, "finished")
    assert store.unfinished_drills() == []
    assert [a.typed for a in store.drill_work(fresh)] == ["3"]
