"""The drill as a tutor, at 80×24: tries again, a hint ladder with its costs, the worked
solution as a peek, and the work kept in view (every checked region inside the screen)."""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.widgets import Input, Static

from quizapp.progress.store import Store
from quizapp.screens.drill import DrillScreen, SolutionScreen
from quizapp.widgets.steps import MatrixGrid, StepRow
from solver.fmt import format_value
from solver.generate import problem_from_code
from solver.parsing.parser import parse_answer
from tests.functional.conftest import DRILL_CODE, painted, settle


def _row(screen, step_id: str) -> StepRow:
    return next(row for row in screen.query(StepRow) if row.step_id == step_id)


def _feedback(screen, step_id: str) -> str:
    rendered = _row(screen, step_id).query_one(".step-feedback", Static).content
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


def _in_view(screen, widget) -> bool:
    """The widget is drawn whole inside the steps' scrolled view (and so inside the screen)."""
    view = screen.query_one("#drill-steps").region
    region = widget.region
    return bool(region.area) and view.contains_region(region) and screen.region.contains_region(region)


async def _comes_into_view(pilot, screen, widget, looks: int = 10) -> bool:
    """In view once the scroll the screen queued has landed; on a loaded machine that can take a
    few more refreshes than `painted` waits for (a bounded wait, not a timing)."""
    for _ in range(looks):
        if _in_view(screen, widget):
            return True
        await painted(pilot)
    return False


async def _enter(pilot, text: str) -> None:
    pilot.app.focused.value = text
    await pilot.press("enter")
    await painted(pilot)


async def test_tries_again_keeps_every_try_and_the_work_in_view(app_factory, quizapp_home):
    app = app_factory()
    problem = problem_from_code(DRILL_CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill(code=DRILL_CODE)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        feedback = lambda step_id: _row(screen, step_id).query_one(".step-feedback")  # noqa: E731

        await _enter(pilot, "1")  # a number for a vector of 3: refused, costs nothing
        assert "this step wants a vector of 3" in _feedback(screen, "z1") and screen.session.records == []
        await _enter(pilot, "[1, 2, 3]")  # wrong: the step stays open, the value is not given away
        text = _feedback(screen, "z1")
        assert "✗ wrong" in text and "Enter to try again" in text and "-1.5" not in text
        assert screen.session.current == "z1" and app.focused is _row(screen, "z1").input
        assert _in_view(screen, feedback("z1"))
        await _enter(pilot, format_value(problem.value("z1")))
        assert "✓ correct (try 2)" in _feedback(screen, "z1") and screen.session.current == "a1"

        await _enter(pilot, "[0.5, 0.5, 0.5]")
        await _enter(pilot, "[0.5, 0.5, 0.5]")  # the same again: kept, and now the value is shown
        assert screen.session.current == "z2" and "the value is about" in _feedback(screen, "a1")
        mine = {"z1": problem.values["z1"], "a1": np.array([0.5, 0.5, 0.5])}

        def carried(step_id: str) -> str:
            """The step's value from the learner's own answers so far, as they typed them."""
            typed = format_value(problem.recompute(mine)[step_id])
            mine[step_id] = np.asarray(parse_answer(typed), dtype=float)
            return typed

        await _enter(pilot, carried("z2"))
        assert "consistent" in _feedback(screen, "z2")

        await pilot.press("ctrl+g")  # the entry grid opens in view, its first cell focused
        await settle(pilot)
        grid = _row(screen, "a2").query_one(MatrixGrid)
        assert _in_view(screen, grid) and app.focused is grid.query_one(Input)
        await pilot.press("escape")  # closes the grid, back in the step's box (still in the drill)
        await pilot.pause()
        assert app.screen is screen and app.focused is _row(screen, "a2").input and not screen.query(MatrixGrid)
        for step_id in problem.answers[3:-3]:  # quickly: the last three are typed and looked at
            screen.submit(step_id, carried(step_id))
        await pilot.pause()
        for step_id in problem.answers[-3:]:
            screen.query_one("#drill-steps").scroll_home(animate=False)  # whatever the scroll, the step comes back
            _row(screen, step_id).input.focus(scroll_visible=False)
            await _enter(pilot, carried(step_id))
            assert await _comes_into_view(pilot, screen, feedback(step_id)), step_id
        assert screen.session.finished
        status = screen.query_one("#drill-status", Static)
        await settle(pilot)
        assert await _comes_into_view(pilot, screen, status)
        summary = str(status.content)
        assert "Problem done" in summary and "at a later try" in summary and "rating: hard" in summary

    with Store.open(quizapp_home / "progress.sqlite3") as store:
        answers = store.answers()
        tries = [(a.step, a.attempt, a.correct) for a in answers if a.step in ("z1", "a1")]
        assert tries == [("z1", 1, False), ("z1", 2, True), ("a1", 1, False)]
        assert store.card("drill:mlp:d1") is not None


async def test_the_hint_ladder_and_the_solution_peek(app_factory, quizapp_home):
    app = app_factory()
    problem = problem_from_code(DRILL_CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill(code=DRILL_CODE)
        await settle(pilot)
        screen = app.screen
        await _enter(pilot, format_value(problem.value("z1")))
        await pilot.press("h")
        await pilot.pause()
        text = _feedback(screen, "a1")
        assert "Hint 1/3 · the formula (rating at most Good): a1 = σ(z1)" in text
        assert "h again: the formula with the numbers (rating at most Hard)" in text
        await pilot.press("h")
        await pilot.pause()
        text = _feedback(screen, "a1")
        assert f"a1 = σ(z1) = {problem.step('a1').substituted}" in text
        assert "h again: the value (the step counts as not done: Again)" in text

        await pilot.press("s")  # a peek: only z1 is shown, nothing is revealed
        await settle(pilot)
        peek = app.screen
        assert isinstance(peek, SolutionScreen)
        assert "Showing the 1/17 steps answered so far" in str(peek.query_one("#solution-peek", Static).content)
        await pilot.press("r")
        await pilot.pause()
        assert "Reveal the other 16 steps?" in str(peek.query_one("#solution-peek", Static).content)
        await pilot.press("n", "escape")  # not now; back to the drill
        await settle(pilot)
        assert app.screen is screen and screen.session.current == "a1" and not screen.session.finished

        await pilot.press("h")  # the third rung: the value; the step is revealed and counts as not done
        await pilot.pause()
        assert "revealed" in _feedback(screen, "a1") and screen.session.current == "z2"

        await pilot.press("s", "r", "y")
        await settle(pilot)
        assert isinstance(app.screen, SolutionScreen) and app.screen.peek is None
        assert screen.session.finished and "with mistakes" in str(screen.query_one("#drill-status").content)
    with Store.open(quizapp_home / "progress.sqlite3") as store:
        assert [a.step for a in store.answers()] == ["z1"]  # reveals grade nothing
