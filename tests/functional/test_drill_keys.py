"""The drill's keys do what its footer says, however the drill was opened."""

from __future__ import annotations

from quizapp.app import make_app
from quizapp.screens.drill import DrillScreen
from quizapp.screens.home import HomeScreen
from solver.generate import problem_from_code
from tests.functional.conftest import DRILL_CODE, settle


def _footer_keys(app) -> set[str]:
    return {key for key, active in app.screen.active_bindings.items() if active.binding.show}


async def test_a_drill_opened_by_its_code_goes_on_with_n_typed_in_the_empty_box(quizapp_home, clock):
    # `quizapp drill CODE` in a terminal opens the app on that problem.
    app = make_app(clock=clock, seed=7, cursor_blink=False, start_problem=problem_from_code(DRILL_CODE))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen) and app.focused is not None
        assert {"h", "s", "n"} <= _footer_keys(app)  # the empty box leaves them to the screen
        await pilot.press("1")
        await pilot.pause()
        assert "n" not in _footer_keys(app)  # typing: the letters are the box's
        assert app.focused.value == "1"
        await pilot.press("backspace", "n")
        await settle(pilot)
        assert app.screen is screen and screen.problem.code != DRILL_CODE
        assert screen.problem.code.startswith("mlp:2-3-1:sigmoid:half_sse:d1:g2#")  # a new draw: g2
        assert app.focused.value == "" and screen.session.current == "z1"
        await pilot.press("escape", "escape")  # leave the box, then the drill
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
