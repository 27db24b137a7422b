"""Start-up: time to the first painted home screen and peak memory, against a minimal Textual app.

Each measurement is a fresh Python process (imports included, as a learner starting `quizapp`
pays them), headless at 80x24, timed from the first line of the child to the first refresh
after the home screen is mounted. The baseline is the smallest comparable app: a Header, an
OptionList and a Footer, measured in the same run the same way. Peak memory is the child's
ru_maxrss. Targets: <= 1.3x the baseline's time and <= 2x its memory. The median of RUNS
processes is reported. Also shown, not targets: the same start through the `quizapp` command
(which first imports click and every command module), and when the due count and the article's
questions (loaded after the first paint, off the UI thread) are on screen.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

RUNS = 7
TIME_TARGET = 1.3
MEMORY_TARGET = 2.0

_CHILD = r'''
import time
started = time.perf_counter()
import asyncio, json, resource, sys

WHICH = sys.argv[1]
if WHICH == "quizapp-cli":
    import quizapp.cli  # what the `quizapp` command imports first: click and every command module
if WHICH.startswith("quizapp"):
    from quizapp.app import make_app
    app = make_app(cursor_blink=False)
    def is_home(screen):
        return type(screen).__name__ == "HomeScreen"
else:
    from textual.app import App
    from textual.widgets import Footer, Header, OptionList

    class Minimal(App):
        def compose(self):
            yield Header()
            yield OptionList(*(f"entry {i}" for i in range(1, 7)))
            yield Footer()

    app = Minimal()
    def is_home(screen):
        return True

result = {}

async def auto_pilot(pilot):
    while not (is_home(app.screen) and app.screen.is_mounted):
        await asyncio.sleep(0)
    painted = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: painted.set_result(time.perf_counter() - started))
    result["first_paint"] = await painted
    if WHICH.startswith("quizapp"):
        await app.workers.wait_for_complete()
        await pilot.pause()
        result["loaded"] = time.perf_counter() - started
    result["sympy"] = "sympy" in sys.modules
    app.exit()

app.run(headless=True, size=(80, 24), auto_pilot=auto_pilot)
# ru_maxrss survives fork and exec: a child of a big parent (`make bench` after the export
# bench) would report the parent's size. The kernel's high-water mark of this process's own
# memory (VmHWM) starts afresh at exec.
try:
    with open("/proc/self/status") as status:
        result["max_rss_kb"] = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    result["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(result))
'''


def measure(which: str, home: str) -> dict:
    env = {**os.environ, "QUIZAPP_HOME": home}
    done = subprocess.run([sys.executable, "-c", _CHILD, which], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{which} start-up run failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(runs: int = RUNS) -> dict:
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-") as home:
        measure("quizapp", home)  # first run creates the database and warms the file cache
        measure("baseline", home)
        samples: dict[str, list[dict]] = {"quizapp": [], "baseline": [], "quizapp-cli": []}
        for _ in range(runs):  # interleaved, so that machine noise hits both alike
            for which in samples:
                samples[which].append(measure(which, home))

    def median(which: str, key: str) -> float:
        return statistics.median(sample[key] for sample in samples[which])

    figures = {
        "quizapp_first_paint_s": median("quizapp", "first_paint"),
        "baseline_first_paint_s": median("baseline", "first_paint"),
        "quizapp_loaded_s": median("quizapp", "loaded"),
        "quizapp_cli_first_paint_s": median("quizapp-cli", "first_paint"),
        "quizapp_peak_rss_mb": median("quizapp", "max_rss_kb") / 1024,
        "baseline_peak_rss_mb": median("baseline", "max_rss_kb") / 1024,
        "sympy_imported_at_home": any(sample["sympy"] for sample in samples["quizapp"]),
    }
    figures["time_ratio"] = figures["quizapp_first_paint_s"] / figures["baseline_first_paint_s"]
    figures["memory_ratio"] = figures["quizapp_peak_rss_mb"] / figures["baseline_peak_rss_mb"]

    print(f"start-up (median of {runs} fresh processes, headless 80x24)")
    print(f"  first painted home: quizapp {figures['quizapp_first_paint_s'] * 1000:.0f} ms, "
          f"minimal Textual app {figures['baseline_first_paint_s'] * 1000:.0f} ms -> "
          f"{figures['time_ratio']:.2f}x (target <= {TIME_TARGET}x)")
    print(f"  peak memory:        quizapp {figures['quizapp_peak_rss_mb']:.1f} MB, "
          f"minimal Textual app {figures['baseline_peak_rss_mb']:.1f} MB -> "
          f"{figures['memory_ratio']:.2f}x (target <= {MEMORY_TARGET}x)")
    print(f"  through the `quizapp` command (click and the command modules imported too): "
          f"{figures['quizapp_cli_first_paint_s'] * 1000:.0f} ms "
          f"({figures['quizapp_cli_first_paint_s'] / figures['baseline_first_paint_s']:.2f}x)")
    print(f"  due count and article questions on screen after {figures['quizapp_loaded_s'] * 1000:.0f} ms "
          f"(loaded after the first paint); SymPy imported at home: {figures['sympy_imported_at_home']}")
    return figures


if __name__ == "__main__":
    main()
