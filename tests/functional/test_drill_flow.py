"""The backprop drill, driven by keys: right and wrong answers, mistakes, hints, reveal, next."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Input, Static

from quizapp.screens.drill import DrillScreen, SolutionScreen
from quizapp.progress.store import Store
from quizapp.widgets.steps import MatrixGrid, StepRow
from solver.fmt import format_value
from solver.generate import problem_from_code
from tests.functional.conftest import DRILL_CODE, settle


def _row(screen: DrillScreen, step_id: str) -> StepRow:
    return next(row for row in screen.query(StepRow) if row.step_id == step_id)


def _feedback(screen: DrillScreen, step_id: str) -> str:
    rendered = _row(screen, step_id).query_one(".step-feedback", Static).content
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


async def _type(pilot, text: str) -> None:
    """Type into the focused box key by key, then Enter."""
    await pilot.press(*text, "enter")
    await pilot.pause()


async def _enter(pilot, text: str) -> None:
    """Fill the focused box at once (quicker than key by key), then Enter."""
    pilot.app.focused.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_right_answer_then_named_mistake_then_carried_forward(app_factory, quizapp_home):
    app = app_factory()
    problem = problem_from_code(DRILL_CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_drill(code=DRILL_CODE)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        assert DRILL_CODE in str(screen.query_one("#drill-code-line", Static).content)
        for step_id in ("z1", "a1", "z2", "a2", "L"):
            assert screen.session.current == step_id
            assert app.focused is _row(screen, step_id).input
            fill = _type if step_id == "z1" else _enter
            await fill(pilot, format_value(problem.value(step_id)))
            assert "✓" in _feedback(screen, step_id)

        # dL/da2 written as t - y: the sign mistake is named.
        sign_error = [m for m in problem.spec("dL/da2").mistakes if m.id == "sign_error_residual"][0]
        wrong = sign_error.compute(problem.values)
        await _enter(pilot, format_value(wrong))
        text = _feedback(screen, "dL/da2")
        assert "✗ wrong" in text and "known mistake: writing t - y for y - t" in text
        await _enter(pilot, format_value(wrong))  # the same again: kept, later steps graded from it

        # The next step computed from that wrong value is right given it: carried forward.
        carried = problem.recompute({"dL/da2": wrong})["dL/dz2"]
        await _enter(pilot, format_value(carried))
        text = _feedback(screen, "dL/dz2")
        assert "consistent" in text and "carried forward" in text and "earlier value of ∂L/∂a2" in text
        assert app.focused is _row(screen, "dL/dW2").input  # the box being typed into has focus

    # Every graded answer is in the store already (written as graded, not at the end).
    with Store.open(quizapp_home / "progress.sqlite3") as store:
        answers = store.answers()
    by_step = {a.step: a for a in answers}
    assert by_step["z1"].verdict == "correct" and by_step["z1"].item == DRILL_CODE
    assert by_step["dL/da2"].mistake == "sign_error_residual" and not by_step["dL/da2"].correct
    assert by_step["dL/dz2"].carried_forward


async def test_unreadable_answer_is_refused_and_asked_again(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill(code=DRILL_CODE)
        await settle(pilot)
        screen = app.screen
        await _type(pilot, "[1, 2")
        assert "could not read" in _feedback(screen, "z1")
        assert screen.session.current == "z1"


async def test_hint_solution_and_next(app_factory, quizapp_home):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill(code=DRILL_CODE)
        await settle(pilot)
        screen = app.screen
        await pilot.press("h")  # typed into the empty box: the formula, not a letter
        await pilot.pause()
        assert _row(screen, "z1").input.value == ""
        assert "the formula (rating at most Good): z1 = W1·x + b1" in _feedback(screen, "z1")

        await pilot.press("s", "r", "y")  # the rest revealed, after asking
        await pilot.pause()
        assert isinstance(app.screen, SolutionScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.session.finished
        assert "revealed" in _feedback(screen, "b1_new")
        assert "Problem done" in str(screen.query_one("#drill-status", Static).content)

        await pilot.press("n")
        await settle(pilot)
        assert screen.problem.code != DRILL_CODE
        assert screen.problem.code.startswith("mlp:2-3-1:sigmoid:half_sse:d1:g2#")  # a new draw: g2
        assert screen.session.current == "z1"
    with Store.open(quizapp_home / "progress.sqlite3") as store:
        assert store.card("drill:mlp:d1") is not None  # the finished problem was scheduled


async def test_entry_grid_answers_a_vector(app_factory):
    app = app_factory()
    problem = problem_from_code(DRILL_CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill(code=DRILL_CODE)
        await settle(pilot)
        screen = app.screen
        await pilot.press("ctrl+g")
        await pilot.pause()
        grid = _row(screen, "z1").query_one(MatrixGrid)
        cells = list(grid.query(Input))
        assert len(cells) == 3
        for cell, value in zip(cells, problem.value("z1")):
            cell.value = format_value(value)
        cells[0].focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "✓" in _feedback(screen, "z1")
        assert screen.session.current == "a1"


async def test_choose_family_or_type_a_code(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")  # home: digit shortcut to the drill
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.problem is None
        await pilot.click("#drill-start")
        await settle(pilot)
        assert screen.problem.code.startswith("mlp:2-3-1:sigmoid:half_sse:d1:g2#")  # a new draw: g2

        await pilot.press("escape", "escape")  # leave the box, then back to the chooser
        await settle(pilot)
        assert screen.problem is None
        screen.query_one("#drill-code", Input).focus()
        await pilot.pause()
        await _enter(pilot, "nope:d1#1")
        assert "unknown family" in str(screen.query_one("#drill-error", Static).content)
        assert app.focused is screen.query_one("#drill-code", Input)
        assert app.focused.value == "nope:d1#1"  # kept, to be corrected
        await _enter(pilot, "mlp:[/]:d1#1")  # shown as typed, not read as markup (it used to crash the app)
        assert "[/]" in str(screen.query_one("#drill-error", Static).content)
        await _enter(pilot, "chain2:tanh:d2#5")
        await settle(pilot)
        assert screen.problem.code == "chain2:tanh:d2#5"


async def test_symbolic_step_is_graded(app_factory):
    app = app_factory()
    code = "activation-derivative:sigmoid:d1#42"
    problem = problem_from_code(code)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill(code=code)
        await settle(pilot)
        screen = app.screen
        await _enter(pilot, format_value(problem.value("f(z0)")))
        await _enter(pilot, "sigmoid(z)*(1-sigmoid(z))")
        assert "✓" in _feedback(screen, "f'(z)")


async def test_a_problem_with_a_formula_step_loads_sympy_in_the_background(app_factory, monkeypatch):
    from solver.grading import symbolic as grade_symbolic

    warmed = []
    monkeypatch.setattr(grade_symbolic, "warm_up", lambda: warmed.append(True))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill(code="chain2:sigmoid:d1#3")
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert not warmed
        app.open_drill(code="activation-derivative:sigmoid:d1#42")
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert warmed


@pytest.mark.parametrize("code", ["mlp:2-3-1:sigmoid:half_sse:d1#1", "mlp:3-3-3:sigmoid:half_sse:d1#23",
                                  "residual:3:tanh:d1#11"])
async def test_every_given_value_is_in_view_at_80x24(app_factory, code):
    from quizapp.widgets.given import GivenTable

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill(code=code)
        await settle(pilot)
        table = app.screen.query_one(GivenTable)
        assert table.folded  # two columns: t and η no longer below the fold
        assert app.screen.query_one("#drill-top").max_scroll_y == 0


async def test_a_narrow_terminal_keeps_one_column_of_givens(app_factory):
    from quizapp.widgets.given import GivenTable

    app = app_factory()
    async with app.run_test(size=(56, 30)) as pilot:
        app.open_drill(code="mlp:3-3-3:sigmoid:half_sse:d1#1")
        await settle(pilot)
        table = app.screen.query_one(GivenTable)
        assert not table.folded
        assert table.size.width < 50  # too narrow for two columns of 3x3 matrices
        await pilot.resize_terminal(90, 30)  # widened: the two columns fit now
        await settle(pilot)
        assert table.folded
        await pilot.resize_terminal(56, 30)
        await settle(pilot)
        assert not table.folded


async def test_each_answer_is_saved_with_the_seconds_of_its_own_step(quizapp_home, clock):
    """Three answers 0.5 s apart store 0.5 each (not 0.5, 1.0, 1.5 since the problem started),
    as `drill --plain` does with the same clock (tests/unit/test_recording.py)."""
    from quizapp.app import make_app
    from quizapp.settings import Settings
    from tests.unit.test_recording import Ticking

    Settings(language="en").save()
    app = make_app(clock=clock, seed=7, cursor_blink=False, timer=Ticking(0.5))
    problem = problem_from_code(DRILL_CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_drill(code=DRILL_CODE)
        await settle(pilot)
        for step_id in problem.answers[:3]:
            await _enter(pilot, format_value(problem.value(step_id)))
    with Store.open(quizapp_home / "progress.sqlite3") as store:
        answers = store.answers()
    assert [a.step for a in answers] == list(problem.answers[:3])
    assert [a.seconds for a in answers] == [0.5, 0.5, 0.5]
