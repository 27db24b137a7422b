"""The drill screen's revealed step: its lines of working around the step's own."""

from __future__ import annotations

from quizapp.widgets.feedback import revealed_text
from solver.generate import problem_from_code


def test_a_revealed_step_shows_its_working_before_and_its_shortcut_after():
    problem = problem_from_code("neuron:3:sigmoid:bce:d2#8")
    shown = revealed_text(problem.step("dL/dz"), "en", problem.working()["dL/dz"]).plain
    derivative, step, shortcut = shown.index("σ'(z) = a·(1 - a)"), shown.index("∂L/∂z = ∂L/∂a"), shown.index("∂L/∂z = a - t")
    assert derivative < step < shortcut


def test_a_step_without_working_reveals_as_before():
    problem = problem_from_code("neuron:3:sigmoid:bce:d2#8")
    assert revealed_text(problem.step("z"), "en", problem.working().get("z")).plain.count("\n") == 0
