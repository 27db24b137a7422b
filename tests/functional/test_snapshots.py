"""SVG snapshots of every main screen at 80x24, in Chinese and in English (and the drill in the
light theme). Fixed clock, fixed codes and seeds, cursor blink off: the pictures repeat exactly.
Regenerate after a deliberate change with `pytest tests/functional --snapshot-update`."""

from __future__ import annotations

import pytest

from solver.fmt import format_value
from solver.generate import problem_from_code
from tests.functional.conftest import DRILL_CODE, settle

LANGUAGES = ["en", "zh"]
# New cards alternate concept/drill: with 4 a day the due count and the mix on screen stay the
# same however many questions the built-in banks grow to.
NEW_PER_DAY = 4


async def _home(pilot):
    await settle(pilot)


async def _drill(pilot):
    await settle(pilot)
    pilot.app.open_drill(code=DRILL_CODE)
    await settle(pilot)
    problem = problem_from_code(DRILL_CODE)
    pilot.app.focused.value = format_value(problem.value("z1"))
    await pilot.press("enter")
    await pilot.pause()
    pilot.app.focused.value = "[0.5, 0.5, 0.5]"
    await pilot.press("enter")
    await settle(pilot)


async def _quiz(pilot):
    await settle(pilot)
    pilot.app.open_quiz(["testbank.sigmoid-range"])  # the tests' own bank: its text never changes
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)


async def _review(pilot):
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)


async def _stats(pilot):
    await settle(pilot)
    # A little history so that the charts have something to draw.
    from quizapp.progress.store import AnswerRecord

    store = pilot.app.services.store
    for step, verdict, mistake in (("z1", "correct", None), ("dL/da2", "wrong", "sign_error_residual")):
        store.record_answer(AnswerRecord(item=DRILL_CODE, typed="0", verdict=verdict,
                                         correct=verdict == "correct", step=step, mistake=mistake))
    store.record_answer(AnswerRecord(item="article.chain-rule-role", typed="", verdict="self-3", correct=True,
                                     topics=("chain-rule",)))
    store.review("drill:mlp:d1", 1)
    store.review("q:article.chain-rule-role", 3)
    await pilot.press("4")
    await settle(pilot)


async def _settings(pilot):
    await settle(pilot)
    await pilot.press("6")
    await settle(pilot)


SCREENS = {"home": _home, "drill": _drill, "quiz": _quiz, "review": _review, "stats": _stats,
           "settings": _settings}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, app_factory, screen, language):
    app = app_factory(language=language, new_per_day=NEW_PER_DAY, user_bank=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=SCREENS[screen])


def test_drill_light_theme(snap_compare, app_factory):
    app = app_factory(language="en", new_per_day=NEW_PER_DAY, user_bank=True)
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=(80, 24), run_before=_drill)
