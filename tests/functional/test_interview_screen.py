"""The mock interview screen at 80x24: from Home and the palette, questions, whiteboard, clock, report."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rich.text import Text
from textual.widgets import Input, Static, TextArea

from quizapp.interview import plan_interview
from quizapp.screens.interview import InterviewScreen
from quizapp.progress.store import Store
from solver.fmt import format_value
from tests.functional.conftest import from_palette, settle

OPTIONS = {"seed": 4, "count": 2, "family": "chain2", "minutes": 10}


def shown(screen, selector: str) -> str:
    rendered = screen.query_one(selector, Static).content
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


def inside_screen(app, widget) -> bool:
    region = widget.region
    return region.height > 0 and region.y >= 0 and region.bottom <= app.size.height


async def test_home_m_opens_the_interview_and_a_whole_interview_is_saved(app_factory, quizapp_home, clock):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.run is not None
        app.pop_screen()
        await settle(pilot)
        app.open_interview(**OPTIONS)
        await settle(pilot)
        screen, run = app.screen, app.screen.run
        plan = run.plan
        assert plan == plan_interview(app.services.banks.questions, seed=4, count=2, family="chain2", minutes=10)
        assert "1/3 · 10:00 left" in shown(screen, "#interview-clock")
        box = screen.query_one("#interview-answer", TextArea)  # a concept answer: lines of its own
        assert app.focused is box
        clock.advance(seconds=45)
        box.text = "the chain rule multiplies local derivatives"
        box.move_cursor(box.document.end)
        await pilot.press("enter", *"backwards")  # Enter is a new line
        await pilot.pause()
        assert run.typed is None and box.text.endswith("derivatives\nbackwards")
        await pilot.press("ctrl+s")  # hands it in
        await settle(pilot)
        result = shown(screen, "#interview-result")
        assert "Key points" in result and "Model answer" in result and "Rate: 1 again" in result
        await pilot.press("3")
        await settle(pilot)
        assert run.index == 1 and "2/3 · 9:15 left" in shown(screen, "#interview-clock")
        await pilot.press("ctrl+n")  # pass: I don't know
        await settle(pilot)
        assert run.stage == "problem"
        problem = run.problem
        assert "without hints" in app.screen.query_one(".muted", Static).content
        await pilot.press("h")  # no hint key in an interview: the letter is typed, nothing shown
        assert app.focused.value == "h"
        app.focused.value = "[1, 2]]"
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app.screen, "#interview-refused").startswith("? ")
        assert inside_screen(app, app.screen.query_one("#interview-answer"))
        for number, step_id in enumerate(problem.answers):
            assert inside_screen(app, app.screen.query_one("#interview-answer"))
            app.focused.value = "9.75" if number == 0 else format_value(problem.values[step_id])
            await pilot.press("enter")
            await settle(pilot)
        report = shown(app.screen, "#interview-report")
        first = problem.template.display_names.get(problem.answers[0], problem.answers[0])
        assert "Interview report" in report and f"first wrong step: {first}" in report
        assert "time 0:45 of 10:00" in report and "Review next" in report
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, InterviewScreen)
    with Store.open(quizapp_home / "progress.sqlite3") as store:
        sessions = store.history().to_dict()["sessions"]
        interview = [s for s in sessions if s["kind"] == "interview"]
        assert len(interview) == 1 and interview[0]["ended"]  # the one left untouched saved nothing
        assert store.card(f"q:{plan.question_ids[0]}") is not None
        assert store.card("drill:chain2:d1") is not None


async def test_the_clock_running_out_ends_with_the_report(app_factory, clock):
    app = app_factory(language="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_interview(**OPTIONS)
        await settle(pilot)
        screen = app.screen
        assert "剩 10:00" in shown(screen, "#interview-clock")
        clock.advance(timedelta(minutes=10))
        await pilot.pause(1.3)  # the clock ticks every second
        await settle(pilot)
        report = shown(screen, "#interview-report")
        assert "模拟面试报告" in report and "时间到" in report and "未作答" in report


async def test_esc_ends_early_and_the_palette_offers_the_interview(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await from_palette(pilot, "mock interview")
        assert isinstance(app.screen, InterviewScreen)
        app.focused.text = "no idea"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # begun: Esc ends it with the report
        await settle(pilot)
        assert "Interview report" in shown(app.screen, "#interview-report")
        app.pop_screen()
        app.open_interview()
        await settle(pilot)
        second = app.screen.run
        await pilot.press("escape")  # not begun: straight back, nothing saved
        await settle(pilot)
        assert not isinstance(app.screen, InterviewScreen)
        assert second.session_id is None and second.report is not None  # closed, with no session


async def test_bad_options_show_the_reason(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_interview(family="nope")
        await settle(pilot)
        assert "unknown family 'nope'" in shown(app.screen, "#interview-error")


# A bank of the tests' own for the pictures: the built-in banks' wording may change.
MOCK_BANK = '''
[bank]
id = "mockbank"
title = { zh = "模拟面试测试题库", en = "Mock interview test bank" }
version = 1

[[questions]]
id = "mockbank.why-backprop"
type = "open"
topics = ["backpropagation"]
difficulty = 1
section = "beyond"
prompt = { zh = "反向传播为什么比逐个参数求数值导数快？", en = "Why is backpropagation faster than a numerical derivative per parameter?" }
answer = { zh = "一次反向传播复用正向的中间值，代价与一次正向相当。", en = "One backward pass reuses the forward values and costs about one forward pass." }
[[questions.points]]
id = "reuse"
text = { zh = "复用正向传播的中间值", en = "it reuses the forward pass's values" }
keywords = { zh = ["复用"], en = ["reuse", "reuses"] }
[[questions.points]]
id = "cost"
text = { zh = "代价约等于一次正向传播", en = "it costs about one forward pass" }
keywords = { zh = ["一次正向"], en = ["one forward pass"] }

[[questions]]
id = "mockbank.zero-init"
type = "open"
topics = ["initialisation"]
difficulty = 1
section = "beyond"
prompt = { zh = "所有权重都初始化为 0 会怎样？", en = "What happens if every weight starts at 0?" }
answer = { zh = "同一层的神经元得到相同的梯度，永远对称。", en = "Neurons of a layer get the same gradient and stay identical." }
[[questions.points]]
id = "symmetry"
text = { zh = "同层神经元保持对称", en = "the neurons of a layer stay symmetric" }
keywords = { zh = ["对称"], en = ["symmetric", "identical", "same gradient"] }
[[questions.points]]
id = "random"
text = { zh = "所以要用小的随机值打破对称", en = "so small random values break the symmetry" }
keywords = { zh = ["随机"], en = ["random"] }
'''
SNAPSHOT_OPTIONS = {"seed": 1, "count": 2, "family": "chain2", "minutes": 15, "bank_ids": ("mockbank",)}


def _with_mock_bank(app_factory, quizapp_home, language):
    app = app_factory(language=language)
    banks = quizapp_home / "banks"
    banks.mkdir(exist_ok=True)
    (banks / "mockbank.toml").write_text(MOCK_BANK, encoding="utf-8")
    return app


async def _answered_question(pilot):
    await settle(pilot)
    pilot.app.open_interview(**SNAPSHOT_OPTIONS)
    await settle(pilot)
    pilot.app.focused.text = "it reuses the values kept from the forward pass"
    await pilot.press("ctrl+s")
    await settle(pilot)


async def _report(pilot):
    await _answered_question(pilot)
    await pilot.press("2")
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    pilot.app.focused.value = "1.5"
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("stage", ["question", "report"])
def test_snapshot(snap_compare, app_factory, quizapp_home, stage, language):
    app = _with_mock_bank(app_factory, quizapp_home, language)
    run_before = {"question": _answered_question, "report": _report}[stage]
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
