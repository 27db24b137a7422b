"""My own problem: a pasted network or an expression with values, drilled like a generated one."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, Static, TextArea

from quizapp.screens.drill import DrillScreen, SolutionScreen
from quizapp.screens.own_problem import EXAMPLE_NETWORK, OwnProblemScreen
from quizapp.progress.store import Store
from quizapp.widgets.steps import StepRow
from solver.expression import expression_problem
from solver.fmt import format_value
from solver.formats.network_file import problem_from_network
from tests.functional.conftest import from_palette, settle

TOML_NETWORK = """
x = [1.0, 2.0]
t = [1.0]
loss = "half_sse"
lr = 0.1

[[layers]]
W = [[0.5, -0.5], [1.0, 0.5]]
b = [0.0, 0.1]
activation = "sigmoid"

[[layers]]
W = [[1.0, -1.0, 2.0]]
activation = "identity"
"""


def _text(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def _feedback(screen: DrillScreen, step_id: str) -> str:
    row = next(row for row in screen.query(StepRow) if row.step_id == step_id)
    return _text(row.query_one(".step-feedback", Static))


async def _open(pilot) -> OwnProblemScreen:
    await settle(pilot)
    pilot.app.open_drill()
    await settle(pilot)
    await pilot.press("o")  # the drill screen's "my own problem" key
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, OwnProblemScreen)
    return screen


async def test_pasted_network_is_drilled_and_recorded(app_factory, quizapp_home):
    import json

    app = app_factory()
    expected = problem_from_network(json.loads(EXAMPLE_NETWORK))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        screen.query_one("#own-text", TextArea).text = EXAMPLE_NETWORK
        await pilot.press("ctrl+s")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen) and drill.own
        first = drill.session.current
        assert first == "z1"
        assert app.focused is next(r for r in drill.query(StepRow) if r.step_id == first).input
        app.focused.value = format_value(expected.value(first))
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ correct" in _feedback(drill, first)
        assert drill.session.current == "a1"
        # A wrong value is marked wrong, like in a generated drill.
        app.focused.value = "[123, 123]"
        await pilot.press("enter")
        await pilot.pause()
        assert "✗ wrong" in _feedback(drill, "a1")
        # Hints and the worked solution work as in a generated drill.
        await pilot.press("escape", "h")  # leave the box, ask for the formula
        await pilot.pause()
        current = drill.session.current
        assert "the formula (rating at most Good): " in _feedback(drill, current)
        await pilot.press("s", "r", "y")
        await settle(pilot)
        assert isinstance(app.screen, SolutionScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert drill.session.finished
        # Esc goes back to the form, with the pasted text still there to edit.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#own-text", TextArea).text == EXAMPLE_NETWORK

    with Store.open(quizapp_home / "progress.sqlite3") as store:
        answers = store.answers()
    assert [(a.item, a.step, a.correct) for a in answers] == [("own-problem", "z1", True),
                                                             ("own-problem", "a1", False)]


async def test_bad_network_shows_the_located_error(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        screen.query_one("#own-text", TextArea).text = TOML_NETWORK  # TOML, found automatically
        await pilot.click("#own-start")
        await settle(pilot)
        assert app.screen is screen
        error = _text(screen.query_one("#own-error", Static))
        assert "layers[1].W: expected 2 columns to match 2 inputs, got 1x3" in error

        screen.query_one("#own-text", TextArea).text = '{"x": [1.0, 2.0],\n "t": [1.0]\n "layers": []}'
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "line 3: not valid JSON" in _text(screen.query_one("#own-error", Static))

        # Leaving with Esc and coming back keeps what was typed.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        await pilot.press("o")
        await settle(pilot)
        assert app.screen is not screen and isinstance(app.screen, OwnProblemScreen)
        assert app.screen.query_one("#own-text", TextArea).text.startswith('{"x": [1.0, 2.0],')


async def test_expression_mode_cs231n_example(app_factory):
    # CS231n's first backprop example (Stanford CS231n notes, "Backpropagation, Intuitions"):
    # f = (x + y) z at x = -2, y = 5, z = -4 gives f = -12, df/dx = df/dy = -4, df/dz = 3.
    app = app_factory(language="zh")
    problem = expression_problem("(x+y)*z", "x=-2, y=5, z=-4")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        screen.query_one("#own-tabs").active = "own-expression"
        await pilot.pause()
        screen.query_one("#own-expr", Input).value = "(x+y)*z"
        screen.query_one("#own-at", Input).focus()
        screen.query_one("#own-at", Input).value = "x=-2, y=5"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        error = _text(screen.query_one("#own-error", Static))
        assert "没有给出 z 的值" in error and "“取值”" in error
        assert "--at" not in error  # the command line's flag: this screen has a box for the values

        screen.query_one("#own-at", Input).value = "x=-2, y=5, z=-4"
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert problem.value("f") == -12 and problem.value("df/dz") == 3
        for step_id in problem.answers:
            assert drill.session.current == step_id
            app.focused.value = format_value(problem.value(step_id))
            await pilot.press("enter")
            await pilot.pause()
            assert "✓" in _feedback(drill, step_id)
        assert drill.session.finished
        assert "一次全对" in _text(drill.query_one("#drill-status", Static))
        drill.action_solution()
        await pilot.pause()
        assert app.screen.title_text == "完整解答 · 自己的题"  # not "完整解答 · " with nothing after it


async def test_palette_opens_my_own_problem(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await from_palette(pilot, "my own problem")
        assert isinstance(app.screen, OwnProblemScreen)
