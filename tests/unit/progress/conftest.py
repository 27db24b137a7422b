from __future__ import annotations

from datetime import datetime, timezone

import pytest

from quizapp.progress.clock import FixedClock
from quizapp.progress.store import Store

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # a Monday morning, UTC


@pytest.fixture
def clock():
    return FixedClock(START)


@pytest.fixture
def store(home, clock):
    opened = Store.open(clock=clock, fuzz=False)
    yield opened
    opened.close()
