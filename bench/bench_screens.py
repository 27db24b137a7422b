"""Screens: opening the heavy screens and answering a key on them, against Textual's floor
in the same app and the same run.

The floor is a bare screen (Header, one Static, Textual's Footer) for opening, and for a key a
Tab on a bare screen of a button and a box (a focus move that hides the app's q, as the Export
screen's first Tab does). Each figure is the best of alternating runs, headless at 80x24, after
the app has started and loaded its banks, timed by the frames the app draws:
- first: from the push (or the key) to the first frame drawn with its result;
- last: to the last frame it led to, once the app has nothing left to do (the Export form's
  lower rows, the footer's keys, the list's marks read in a thread): the work a key pressed at
  once would wait behind;
- CPU: the process's CPU time to that last frame (steadier than wall time on a busy machine).
The worked solution is an mlp problem's at d2 (the longest of the built-in families'), a fresh
renderable each time as the drill screen's `s` makes it. The question list is also opened in an
app with a bank folder of 10k generated questions (bench.bench_scale's). Targets: a first paint
under 150 ms (Export) and 100 ms (the solution, the 10k list), a key's last frame under 50 ms.
Run: `python -m bench screens`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from pathlib import Path

RUNS = 7
KEY_RUNS = 12
SOLUTION_CODE = "mlp:d2#1"
OPEN_TARGET_MS = {"export": 150.0, "solution": 100.0, "list": 100.0}
KEY_TARGET_MS = 50.0


class FrameClock:
    """Notes when the app draws a frame (its `_display`) and the process's CPU time then, and
    the first frame of each screen."""

    def __init__(self, app) -> None:
        self.first_frame: dict[int, float] = {}
        self.frames = 0
        self.last_frame = self.last_frame_cpu = 0.0
        draw = app._display

        def display(screen, update) -> None:
            now = time.perf_counter()
            self.first_frame.setdefault(id(screen), now)
            if update is not None:
                self.frames += 1
                self.last_frame, self.last_frame_cpu = now, time.process_time()
            draw(screen, update)

        app._display = display


def _busy(app) -> bool:
    screen = app.screen
    if app.message_queue_size or screen._callbacks or screen._dirty_widgets or any(
            worker.is_running for worker in app.workers):
        return True
    return any(node.message_queue_size or node._layout_required or node._repaint_required
               or node._recompose_required for node in screen.walk_children(with_self=True))


async def settled(app) -> None:
    """Wait until the app has nothing left to do: no message queued anywhere on the screen,
    no refresh, layout or after-refresh callback pending, no worker running (checked on
    several turns of the loop in a row; a busy machine can leave 100 ms between two frames)."""
    calm = 0
    while calm < 3:
        await asyncio.sleep(0.002)
        calm = 0 if _busy(app) else calm + 1


class Best:
    """The best of several runs of one action: wall time to its first and its last frame, CPU time to the last."""

    def __init__(self) -> None:
        self.first = self.last = self.cpu = float("inf")

    def add(self, first: float, last: float, cpu: float) -> None:
        self.first, self.last, self.cpu = min(self.first, first), min(self.last, last), min(self.cpu, cpu)


async def _open_times(app, pilot, clock: FrameClock, openers: dict, runs: int) -> dict[str, Best]:
    """Each opener's best, in alternation, from the push to the screen's first frame and to the
    last frame before the app has nothing left to do."""
    best = {name: Best() for name in openers}
    for _ in range(runs):
        for name, opener in openers.items():
            await settled(app)
            below = app.screen
            start, cpu = time.perf_counter(), time.process_time()
            opener()
            while app.screen is below or id(app.screen) not in clock.first_frame:
                await asyncio.sleep(0)
            await settled(app)
            best[name].add(clock.first_frame[id(app.screen)] - start, clock.last_frame - start,
                           clock.last_frame_cpu - cpu)
            await app.workers.wait_for_complete()
            app.pop_screen()
            await pilot.pause()
    return best


async def _key_time(app, clock: FrameClock, keys: list[str], runs: int) -> Best:
    """The best of a key of `keys` (pressed in turn, `runs` times over): from posting it to its
    first frame and to the last frame it led to (what it queued after its first frame counts)."""
    from textual import events

    best = Best()
    for _ in range(runs):
        for key in keys:
            await settled(app)
            frames = clock.frames
            start, cpu = time.perf_counter(), time.process_time()
            app.post_message(events.Key(key, key if len(key) == 1 else None))
            while clock.frames == frames:
                if time.perf_counter() - start > 5:
                    raise RuntimeError(f"the key {key!r} drew nothing on {app.screen!r}")
                await asyncio.sleep(0)
            first = clock.last_frame
            await settled(app)
            best.add(first - start, clock.last_frame - start, clock.last_frame_cpu - cpu)
    return best


def _bare_screens():
    """Textual's floor: a Header, a Static and Textual's Footer; and a button and a box."""
    from textual.screen import Screen
    from textual.widgets import Button, Footer, Header, Input, Static

    class BareScreen(Screen):
        def compose(self):
            yield Header()
            yield Static("bare")
            yield Footer()

    class ButtonAndBox(Screen):
        def compose(self):
            yield Header()
            yield Button("bare")
            yield Input("bare")
            yield Footer()

    return BareScreen, ButtonAndBox


async def _builtin_figures(home: str) -> dict[str, Best]:
    from solver.generate import problem_from_code

    from quizapp.app import make_app
    from quizapp.render.solution import render_solution
    from quizapp.screens.drill_solution import SolutionScreen

    bare_screen, button_and_box = _bare_screens()
    problem = problem_from_code(SOLUTION_CODE)
    problem.steps()  # solved once, as the drill screen has it before `s`: the window's cost, not the solver's
    app = make_app(home=home, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        clock = FrameClock(app)
        await pilot.pause()
        await app.workers.wait_for_complete()
        figures = await _open_times(app, pilot, clock, {
            "export": lambda: app.open_export("json"),
            "solution": lambda: app.push_screen(SolutionScreen(render_solution(problem, "both"), SOLUTION_CODE)),
            "list": app.open_question_list,
            "bare": lambda: app.push_screen(bare_screen()),
        }, RUNS)
        for name, opener in (("export tab", lambda: app.open_export("json")),
                             ("bare tab", lambda: app.push_screen(button_and_box()))):
            opener()
            await settled(app)
            await app.workers.wait_for_complete()
            figures[name] = await _key_time(app, clock, ["tab", "shift+tab"], KEY_RUNS)
            app.pop_screen()
            await pilot.pause()
        app.open_question_list()
        await settled(app)
        await app.workers.wait_for_complete()
        figures["list key"] = await _key_time(app, clock, ["down", "up"], KEY_RUNS)
    figures["questions"] = len(app.services.banks.questions)
    return figures


async def _big_list_figures(home: str) -> dict[str, Best]:
    from quizapp.app import make_app

    bare_screen, _ = _bare_screens()
    app = make_app(home=home, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        clock = FrameClock(app)
        await pilot.pause()
        await app.workers.wait_for_complete()
        questions = len(app.services.banks.questions)  # loaded before the clock starts: the list, not the files
        figures = await _open_times(app, pilot, clock, {"list": app.open_question_list,
                                                        "bare": lambda: app.push_screen(bare_screen())}, RUNS)
        app.open_question_list()
        await settled(app)
        await app.workers.wait_for_complete()
        figures["list key"] = await _key_time(app, clock, ["down", "up"], KEY_RUNS)
        figures["first filter"] = await _key_time(app, clock, ["slash", "7"], 1)  # the first builds the search text
        figures["filter key"] = await _key_time(app, clock, ["3", "backspace"], KEY_RUNS)
    figures["questions"] = questions
    return figures


def _verdict(ms: float, target: float) -> str:
    return f"{'under' if ms < target else 'OVER'} {target:.0f}"


def _row(label: str, best: Best, floor: Best, target: float, judged: str) -> str:
    return (f"{label:36} {best.first * 1e3:7.1f} {best.last * 1e3:7.1f} {best.cpu * 1e3:7.1f}   "
            f"{best.first / floor.first:5.2f}x {best.last / floor.last:5.2f}x {best.cpu / floor.cpu:5.2f}x   "
            f"{judged} {_verdict(getattr(best, judged) * 1e3, target)}")


def main(runs: int = RUNS) -> dict:
    from bench.bench_scale import bank_folder

    global RUNS
    RUNS = runs
    previous = os.environ.get("QUIZAPP_HOME")  # make_app points it at each app's home
    try:
        with tempfile.TemporaryDirectory(prefix="quizapp-bench-screens-") as home, \
                tempfile.TemporaryDirectory(prefix="quizapp-bench-screens-10k-") as big_home:
            shutil.copytree(bank_folder(), Path(big_home) / "banks")
            small = asyncio.run(_builtin_figures(home))
            big = asyncio.run(_big_list_figures(big_home))
    finally:
        if previous is None:
            os.environ.pop("QUIZAPP_HOME", None)
        else:
            os.environ["QUIZAPP_HOME"] = previous
    few, many = small["questions"], big["questions"]
    opens = [("open: Export screen", small["export"], OPEN_TARGET_MS["export"]),
             ("open: worked solution", small["solution"], OPEN_TARGET_MS["solution"]),
             (f"open: question list, {few}", small["list"], OPEN_TARGET_MS["list"]),
             (f"open: question list, {many}", big["list"], OPEN_TARGET_MS["list"])]
    keys = [("key: Tab on the Export screen", small["export tab"]), (f"key: down, list of {few}", small["list key"]),
            (f"key: down, list of {many}", big["list key"]), (f"key: filter, list of {many}", big["filter key"]),
            (f"key: first filter, list of {many}", big["first filter"])]
    print(f"{'ms, best of runs (80x24)':36} {'first':>7} {'last':>7} {'CPU':>7}   "
          f"{'ratios: first':>13} {'last':>6} {'CPU':>6}   target")
    for label, floor, rows, target, judged in (("open: bare screen", small["bare"], opens, None, "first"),
                                               ("key: Tab on a bare screen", small["bare tab"], keys, KEY_TARGET_MS,
                                                "last")):
        print(f"{label:36} {floor.first * 1e3:7.1f} {floor.last * 1e3:7.1f} {floor.cpu * 1e3:7.1f}")
        for row in rows:
            print(_row(row[0], row[1], floor, row[2] if target is None else target, judged))
    print("  (first/last: wall time to the first frame and to the last frame the action led to; CPU: process time"
          " to that last frame;\n   ratios against opening the bare screen, or a Tab on it, in the same run)")
    return {"builtin": small, "10k": big}


if __name__ == "__main__":
    main()
