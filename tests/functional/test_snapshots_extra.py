"""SVG snapshots of the Export and "my own problem" screens at 80x24, in Chinese and English.
Regenerate after a deliberate change with `pytest tests/functional/test_snapshots_extra.py --snapshot-update`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.functional.conftest import settle
from tests.functional.test_own_problem import TOML_NETWORK

LANGUAGES = ["en", "zh"]


async def _export(pilot):
    await settle(pilot)
    pilot.app.open_export("anki")
    await settle(pilot)


async def _own_problem(pilot):
    await settle(pilot)
    pilot.app.open_own_problem()
    await settle(pilot)
    pilot.app.screen.query_one("#own-text").text = TOML_NETWORK  # a shape error, shown where it is
    await pilot.press("ctrl+s")
    await settle(pilot)


SCREENS = {"export": _export, "own_problem": _own_problem}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, app_factory, monkeypatch, screen, language):
    # The export's default path is in the folder the app was started from.
    monkeypatch.setattr("quizapp.screens.export.start_folder", lambda: Path("/home/learner"))
    app = app_factory(language=language, user_bank=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=SCREENS[screen])
