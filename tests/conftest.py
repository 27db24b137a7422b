"""Every test runs with its own QUIZAPP_HOME: no test may read or write the real user's data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path_factory.mktemp("quizapp-home")))
