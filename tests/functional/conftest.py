"""Functional tests drive the real app with Pilot, in a private QUIZAPP_HOME and a fixed clock."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest
import textual._wait

from quizapp.app import make_app
from quizapp.progress.clock import FixedClock
from quizapp.settings import Settings

FIXED_NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
DRILL_CODE = "mlp:2-3-1:sigmoid:half_sse:d1#42"

USER_BANK = '''
[bank]
id = "testbank"
title = { zh = "测试题库", en = "Test bank" }
version = 1

[[questions]]
id = "testbank.sigmoid-range"
type = "single"
topics = ["activation-functions"]
difficulty = 1
section = "beyond"
prompt = { zh = "sigmoid 的值域是？", en = "What is the range of the sigmoid?" }
answer = { zh = "(0, 1)：输出严格在 0 和 1 之间。", en = "(0, 1): its output lies strictly between 0 and 1." }
[[questions.choices]]
text = { zh = "(-1, 1)", en = "(-1, 1)" }
correct = false
[[questions.choices]]
text = { zh = "(0, 1)", en = "(0, 1)" }
correct = true
[[questions.choices]]
text = { zh = "[0, +∞)", en = "[0, +inf)" }
correct = false

[[questions]]
id = "testbank.sigmoid-at-zero"
type = "numeric"
topics = ["activation-functions"]
difficulty = 1
section = "beyond"
prompt = { zh = "σ'(0) 等于多少？", en = "What is σ'(0)?" }
answer = { zh = "σ'(0) = σ(0)(1 - σ(0)) = 0.25。", en = "σ'(0) = σ(0)(1 - σ(0)) = 0.25." }
value = 0.25
tolerance = 0.001

[[questions]]
id = "testbank.relu-kink"
type = "truefalse"
topics = ["activation-functions"]
difficulty = 1
section = "beyond"
prompt = { zh = "ReLU 在 0 处可导。", en = "ReLU is differentiable at 0." }
answer = { zh = "错：左右导数不同，框架用次梯度。", en = "False: the one-sided derivatives differ; frameworks use a subgradient." }
truth = false

[[questions]]
id = "testbank.saturating"
type = "multiple"
topics = ["activation-functions"]
difficulty = 1
section = "beyond"
prompt = { zh = "哪些激活函数在两端饱和？", en = "Which activations saturate at both ends?" }
answer = { zh = "sigmoid 和 tanh。", en = "sigmoid and tanh." }
[[questions.choices]]
text = { zh = "sigmoid", en = "sigmoid" }
correct = true
[[questions.choices]]
text = { zh = "ReLU", en = "ReLU" }
correct = false
[[questions.choices]]
text = { zh = "tanh", en = "tanh" }
correct = true

[[questions]]
id = "testbank.sigmoid-derivative"
type = "symbolic"
topics = ["activation-functions"]
difficulty = 2
section = "beyond"
prompt = { zh = "写出 σ'(z)。", en = "Write σ'(z)." }
answer = { zh = "σ'(z) = σ(z)(1 - σ(z))。", en = "σ'(z) = σ(z)(1 - σ(z))." }
expression = "sigmoid(z)*(1 - sigmoid(z))"
variables = ["z"]

[[questions]]
id = "testbank.chain-step"
type = "step"
topics = ["backpropagation"]
difficulty = 1
section = "beyond"
prompt = { zh = "算出 ∂L/∂w2。", en = "Work out dL/dw2." }
answer = { zh = "∂L/∂w2 = ∂L/∂y · a1。", en = "dL/dw2 = dL/dy · a1." }
code = "chain2:sigmoid:d1#7"
step = "dL/dw2"
'''


@pytest.fixture(autouse=True)
def _quicker_idle(monkeypatch):
    """Pilot waits after every key until the app looks idle: no CPU used over one sleep of
    `SLEEP_GRANULARITY` (20 ms). Our tests wait for workers themselves (`settle`), so a 5 ms look
    tells the same thing and saves about a sixth of the functional tests' time."""
    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.005)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 0.005 / 20)


@pytest.fixture
def quizapp_home(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def clock():
    return FixedClock(FIXED_NOW)


@pytest.fixture
def app_factory(quizapp_home, clock):
    """`app_factory(language="en", new_per_day=10, user_bank=False)` -> a fresh app."""

    def factory(language: str = "en", new_per_day: int = 10, user_bank: bool = False):
        Settings(language=language, new_per_day=new_per_day).save()
        if user_bank:
            banks = quizapp_home / "banks"
            banks.mkdir(exist_ok=True)
            (banks / "testbank.toml").write_text(USER_BANK, encoding="utf-8")
        return make_app(clock=clock, seed=7, cursor_blink=False)

    return factory


async def painted(pilot) -> None:
    """Wait until what the screen queued for after its next refresh (a step scrolled into view,
    a focus moved) has run and been laid out: a short idle look can come before that refresh."""
    for _ in range(2):  # the callback's own changes (a scroll) need one more layout
        done = asyncio.get_running_loop().create_future()
        pilot.app.screen.call_after_refresh(lambda: done.done() or done.set_result(None))
        pilot.app.screen.refresh()
        await done
        await pilot.pause()


async def settle(pilot) -> None:
    """Let background loading (due count, banks) finish and the screen repaint. A screen may
    start its worker only after its first refresh (home does), so this goes on until a repaint
    leaves no worker running."""
    await pilot.pause()
    for _ in range(20):
        await pilot.app.workers.wait_for_complete()
        await painted(pilot)
        if not len(pilot.app.workers):
            return


async def from_palette(pilot, query: str) -> None:
    """Open the command palette, look for `query` and run what it puts first, as Enter does."""
    from textual.command import CommandPalette
    from textual.widgets import Input

    await pilot.press("ctrl+p")
    await settle(pilot)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one(Input).value = query  # one search for the whole query, as typing ends in
    await settle(pilot)  # the search is a worker: its results are in once it is done
    await pilot.press("enter")
    await settle(pilot)
