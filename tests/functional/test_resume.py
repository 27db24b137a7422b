"""A drill left unfinished in the app comes back where it was left: Home offers to continue, and
the drill shows the graded steps filled in and asks the next one; history keeps each sitting."""

from __future__ import annotations

from textual.widgets import OptionList

from quizapp.app import make_app
from quizapp.progress.store import Store
from quizapp.screens.drill import DrillScreen
from solver.fmt import format_value
from solver.generate import problem_from_code
from tests.functional.conftest import DRILL_CODE, settle


async def _answer(pilot, text: str) -> None:
    pilot.app.focused.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_left_drill_is_offered_on_home_and_resumes_with_its_steps(app_factory, quizapp_home, clock):
    problem = problem_from_code(DRILL_CODE)
    first, second, third = problem.answers[:3]
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#home-menu", OptionList)
        assert menu.get_option_at_index(0).id != "continue"  # nothing left unfinished yet
        app.open_drill(code=DRILL_CODE)
        await settle(pilot)
        await _answer(pilot, format_value(problem.value(first)))
        await pilot.press("h")  # the formula (the first rung): stored with the try that follows
        await pilot.pause()
        wrong = format_value(problem.value(second) + 1)
        await _answer(pilot, wrong)  # wrong (the right shape): graded, stored, and asked again
        await pilot.press("escape", "escape")  # out of the box, then off the problem, unfinished
        await settle(pilot)
        menu = app.screen.query_one("#home-menu", OptionList)
        entry = menu.get_option_at_index(0)
        assert entry.id == "continue"
        assert DRILL_CODE in entry.prompt.plain and f"2/{len(problem.answers)}" in entry.prompt.plain  # 2 steps tried

        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen) and screen.problem.code == DRILL_CODE
        assert screen.typed == {first: format_value(problem.value(first)), second: wrong}
        assert screen.session.current == second  # its try was wrong: asked again, as when it was left
        assert screen.feedback[second].verdict == "wrong" and screen.session.attempt == 2
        assert screen.session.hint_rung == 1 and len(screen.hints[second]) == 1  # the rung is back
        assert "Hint 1/3" in screen._feedback_text(second).plain
        await _answer(pilot, format_value(problem.value(second)))
        assert screen.session.current == third
    with Store.open(quizapp_home / "progress.sqlite3", clock=clock) as store:
        sessions = store.history(5).sessions
        answers = store.answers()
    assert [(a.step, a.attempt, a.hints) for a in answers] == [(first, 1, 0), (second, 1, 1), (second, 2, 1)]
    assert [(s.state, s.answers) for s in sessions] == [("left", 1), ("left", 2)]

    # `quizapp drill CODE` in a terminal opens the app on the problem: picked up there too.
    again = make_app(clock=clock, seed=7, cursor_blink=False, start_problem=problem)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.screen.session.current == third
