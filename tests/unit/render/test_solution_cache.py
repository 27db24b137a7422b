"""The worked-solution window renders its solution once per width (RenderedOnce): what it shows
is what rendering the solution directly shows, at any width and height Textual asks for."""

from __future__ import annotations

import pytest
from rich.console import Console

from solver.generate import problem_from_code

from quizapp.render.solution import RenderedOnce, render_solution


def _lines(console, renderable, options):
    return [[(s.text, s.style) for s in line] for line in console.render_lines(renderable, options, pad=False)]


@pytest.mark.parametrize("width", [40, 70, 120])  # the whiteboard layout, and the table from 100 columns
def test_rendered_once_shows_what_the_solution_shows(width):
    problem = problem_from_code("mlp:d2#1")
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    solution = render_solution(problem, "both")
    cached = RenderedOnce(solution)
    unbounded = console.options.update_width(width).reset_height()
    expected = _lines(console, solution, unbounded)
    assert _lines(console, cached, unbounded) == expected
    # With a height (Textual's paint pass gives the content's own height), the same lines again.
    assert _lines(console, cached, unbounded.update(height=len(expected))) == expected
    assert len(cached._lines) == 1


def test_rendered_once_renders_once_per_width():
    calls = []

    class Counted:
        def __rich_console__(self, console, options):
            calls.append(options.max_width)
            yield "a line of text that wraps at a narrow width"

    console = Console(width=80)
    cached = RenderedOnce(Counted())
    for width in (30, 30, 20, 30):
        list(console.render(cached, console.options.update_width(width)))
    assert calls == [30, 20]
