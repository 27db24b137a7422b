"""The issue-15 drill families in the TUI drill: one app opens each, a right answer is ticked and a
named mistake is named."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from quizapp.widgets.steps import StepRow
from solver.fmt import format_value
from solver.generate import problem_from_code
from tests.functional.conftest import settle

# (code, a step, a wrong value a named mistake gives there, words of that mistake's name)
CASES = (
    ("optimizer:adam:2:d1#3", "mhat1", "1", "bias correction"),
    ("batch-mlp:3:2-2-1:relu:half_sse:d1#1", "dL/da2", "[[0.625], [-3.25], [-1.75]]", "1/m"),
    ("normalisation:batch:3:1:d1#1", "var", "[0.3333]", "m - 1"),
    ("regularisation:dropout:2-3-1:relu:d1#1", "a2", "[0.75, 0.75, 0]", "1/(1 - p)"),
    ("softmax-jacobian:softmax:2:3:d1#1", "da/dz", "[[0.2500, 0, 0], [0, 0.2128, 0], [0, 0, 0.1516]]", "diagonal"),
    ("gradcheck:smooth:d1#1", "numeric", "0.81", "one-sided"),
    # (x + y)·z: the multiply gate's local gradient for n1 = x + y is z, not n1 itself
    ("gates:multiply:d1#2", "∂f/∂n1", repr(problem_from_code("gates:multiply:d1#2").values["n1"]), "other input"),
)


def _feedback(screen, step_id: str) -> str:
    row = next(row for row in screen.query(StepRow) if row.step_id == step_id)
    rendered = row.query_one(".step-feedback", Static).content
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


async def test_each_new_family_drills(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        for code, step_id, wrong, words in CASES:
            problem = problem_from_code(code)
            app.open_drill(code=code)
            await settle(pilot)
            screen = app.screen
            assert screen.problem.code == problem.code
            before = problem.answers[: problem.answers.index(step_id)]
            for answer in before:  # the Enter key's path is the drill tests' work; here, the grading
                screen.submit(answer, format_value(problem.value(answer)))
            await pilot.pause()
            assert all("✓" in _feedback(screen, answer) for answer in before), code
            assert app.focused is next(row for row in screen.query(StepRow) if row.step_id == step_id).input
            app.focused.value = wrong
            await pilot.press("enter")
            await pilot.pause()
            assert words in _feedback(screen, step_id), (code, _feedback(screen, step_id))
