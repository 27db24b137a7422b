"""The injectable clock: UTC only, and it moves only when told."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from quizapp.progress.clock import FixedClock, SystemClock


def test_fixed_clock_moves_only_when_told():
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    clock = FixedClock(start)
    assert clock.now() == clock.now() == start
    assert clock.advance(hours=2) == start + timedelta(hours=2)
    assert clock.advance(timedelta(days=1), minutes=1) == start + timedelta(days=1, hours=2, minutes=1)
    with pytest.raises(ValueError):
        clock.advance(days=-1)
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 1, 1))  # naive
    shifted = FixedClock(datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=8))))
    assert shifted.now() == start and shifted.now().tzinfo is timezone.utc


def test_system_clock_is_utc():
    assert SystemClock().now().tzinfo is timezone.utc
