from __future__ import annotations

from datetime import datetime, timezone

import pytest

from quizapp.clock import FixedClock
from quizapp.store import Store

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # a Monday morning, UTC


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Every test here gets its own QUIZAPP_HOME: nothing reads or writes the real one."""
    folder = tmp_path / "home"
    monkeypatch.setenv("QUIZAPP_HOME", str(folder))
    return folder


@pytest.fixture
def clock():
    return FixedClock(START)


@pytest.fixture
def store(home, clock):
    opened = Store.open(clock=clock, fuzz=False)
    yield opened
    opened.close()
