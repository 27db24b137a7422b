"""Screens: push-to-first-paint of the Export screen and of the worked-solution window, each
against a bare screen in the same app and the same run.

A bare screen (Header, one Static, Footer) is the floor any screen pays for being pushed and
painted; each screen's time is printed against it (best of alternating runs, headless at 80x24,
after the app has started and loaded its banks). The worked solution is an mlp problem's at d2
(the longest of the built-in families' solutions), a fresh renderable each time as the drill
screen's `s` key makes it. Targets: the Export screen under 150 ms, the solution under 100 ms.
Run: `python -m bench screens`.
"""

from __future__ import annotations

import asyncio
import tempfile
import time

RUNS = 7
TARGETS_MS = {"export": 150.0, "solution": 100.0}
SOLUTION_CODE = "mlp:d2#1"


async def _paint_times(home: str, runs: int) -> dict[str, float]:
    from textual.widgets import Footer, Header, Static

    from solver.generate import problem_from_code

    from quizapp.app import make_app
    from quizapp.render.solution import render_solution
    from quizapp.screens.base import BaseScreen
    from quizapp.screens.drill_solution import SolutionScreen

    class BareScreen(BaseScreen):
        def compose(self):
            yield Header()
            yield Static("bare")
            yield Footer()

    problem = problem_from_code(SOLUTION_CODE)
    problem.steps()  # solved once, as the drill screen has it before `s`: the window's cost, not the solver's
    app = make_app(home=home, cursor_blink=False)
    best = {"export": float("inf"), "solution": float("inf"), "bare": float("inf")}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()

        async def painted(screen, start: float) -> float:
            while not (app.screen is screen and screen.is_mounted):
                await asyncio.sleep(0)
            done = asyncio.get_running_loop().create_future()
            app.call_after_refresh(lambda: done.set_result(time.perf_counter() - start))
            return await done

        def open_export():
            app.open_export("json")
            return None

        openers = {
            "export": open_export,
            "solution": lambda: app.push_screen(SolutionScreen(render_solution(problem, "both"), SOLUTION_CODE)),
            "bare": lambda: app.push_screen(BareScreen()),
        }
        for _ in range(runs):
            for name, opener in openers.items():
                below = app.screen
                start = time.perf_counter()
                opener()
                while app.screen is below:  # until pushed
                    await asyncio.sleep(0)
                best[name] = min(best[name], await painted(app.screen, start))
                await pilot.pause()
                await app.workers.wait_for_complete()
                app.pop_screen()
                await pilot.pause()
    return best


def main(runs: int = RUNS) -> dict[str, float]:
    import os

    previous = os.environ.get("QUIZAPP_HOME")
    try:
        with tempfile.TemporaryDirectory(prefix="quizapp-bench-screens-") as home:
            best = asyncio.run(_paint_times(home, runs))
    finally:
        if previous is None:
            os.environ.pop("QUIZAPP_HOME", None)
        else:
            os.environ["QUIZAPP_HOME"] = previous
    bare_ms = best["bare"] * 1e3
    for name, label in (("export", "Export screen"), ("solution", "worked solution")):
        ms, target = best[name] * 1e3, TARGETS_MS[name]
        verdict = "under" if ms < target else "OVER"
        print(f"{label:15} first paint {ms:8.1f} ms   bare screen {bare_ms:7.1f} ms   "
              f"ratio {ms / bare_ms:5.2f}x   ({verdict} the {target:.0f} ms target)")
    return best


if __name__ == "__main__":
    main()
