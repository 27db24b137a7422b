"""Screens: push-to-first-paint of the Export screen against a bare screen in the same app.

A bare screen (Header, one Static, Footer) is the floor any screen pays for being pushed and
painted; the Export screen's time is printed against it (best of alternating runs, headless at
80x24, after the app has started and loaded its banks). Target: under 150 ms.
Run: `python -m bench screens`.
"""

from __future__ import annotations

import asyncio
import tempfile
import time

RUNS = 7
TARGET_MS = 150.0


async def _paint_times(home: str, runs: int) -> dict[str, float]:
    from textual.widgets import Footer, Header, Static

    from quizapp.app import make_app
    from quizapp.screens.base import BaseScreen
    from quizapp.screens.export import ExportScreen

    class BareScreen(BaseScreen):
        def compose(self):
            yield Header()
            yield Static("bare")
            yield Footer()

    app = make_app(home=home, cursor_blink=False)
    best = {"export": float("inf"), "bare": float("inf")}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()

        async def painted(screen_type, start: float) -> float:
            while not (isinstance(app.screen, screen_type) and app.screen.is_mounted):
                await asyncio.sleep(0)
            done = asyncio.get_running_loop().create_future()
            app.call_after_refresh(lambda: done.set_result(time.perf_counter() - start))
            return await done

        for _ in range(runs):
            for name in ("export", "bare"):
                start = time.perf_counter()
                if name == "export":
                    app.open_export("json")
                    elapsed = await painted(ExportScreen, start)
                else:
                    app.push_screen(BareScreen())
                    elapsed = await painted(BareScreen, start)
                best[name] = min(best[name], elapsed)
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
    export_ms, bare_ms = best["export"] * 1e3, best["bare"] * 1e3
    verdict = "under" if export_ms < TARGET_MS else "OVER"
    print(f"Export screen first paint {export_ms:8.1f} ms   bare screen {bare_ms:7.1f} ms   "
          f"ratio {export_ms / bare_ms:5.2f}x   ({verdict} the {TARGET_MS:.0f} ms target)")
    return best


if __name__ == "__main__":
    main()
