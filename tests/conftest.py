"""Every test runs with its own QUIZAPP_HOME: no test may read or write the real user's data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path_factory.mktemp("quizapp-home")))


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A QUIZAPP_HOME the test can look into: `tmp_path/home`, not created until something writes."""
    folder = tmp_path / "home"
    monkeypatch.setenv("QUIZAPP_HOME", str(folder))
    return folder
