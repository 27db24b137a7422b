"""Home navigation, settings and language switching, the command palette, bindings, start-up."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from textual.widgets import Input, OptionList, Select, Static

from quizapp.app import QuizApp
from quizapp.screens.drill import DrillScreen, SolutionScreen
from quizapp.screens.home import HomeScreen
from quizapp.screens.questions import QuestionListScreen
from quizapp.screens.quiz import QuizScreen
from quizapp.screens.review import ReviewScreen
from quizapp.screens.settings import SettingsScreen
from quizapp.screens.stats import StatsScreen
from quizapp.settings import Settings
from quizapp.widgets.row_list import RowList
from tests.functional.conftest import DRILL_CODE, from_palette, settle


async def test_home_menu_keys(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#home-menu", OptionList)
        assert [o.id for o in menu.options] == ["interview", "drill", "review", "stats", "export", "settings",
                                                "mock"]
        assert "10 new" in str(menu.get_option("review").prompt)  # a fresh start: nothing seen, so nothing due
        await pilot.press("j", "j", "k", "down")
        assert menu.highlighted == 2
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        from quizapp.screens.interview import InterviewScreen

        for key, screen_type in (("1", QuestionListScreen), ("4", StatsScreen), ("6", SettingsScreen),
                                 ("m", InterviewScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
        await pilot.press("5")  # export
        await settle(pilot)
        from quizapp.screens.export import ExportScreen

        assert isinstance(app.screen, ExportScreen)


async def test_mouse_opens_an_entry(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#home-menu", OptionList)
        await pilot.click(menu, offset=(4, 2))  # second line of the list: the drill
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)


async def test_q_quits_but_types_into_a_box(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill()
        await settle(pilot)
        code = app.screen.query_one("#drill-code", Input)
        code.focus()
        await pilot.press("q")
        await pilot.pause()
        assert code.value == "q" and app.is_running
        await pilot.press("escape")  # back home (the chooser has no problem open)
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_ctrl_c_quits_even_from_an_answer_box(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill(code=DRILL_CODE)
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert not app.is_running


async def test_switch_language_and_save_settings(app_factory, quizapp_home):
    app = app_factory(language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert "What shall we practise?" in str(home.query_one("#home-heading", Static).content)
        await pilot.press("6")
        await settle(pilot)
        settings = app.screen
        settings.query_one("#language", Select).value = "zh"
        settings.query_one("#new_per_day", Input).value = "4"
        settings.query_one("#theme", Select).value = "textual-light"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.language == "zh" and app.theme == "textual-light"
        assert "设置" in str(settings.query_one(".section-title", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        assert "今天练什么" in str(home.query_one("#home-heading", Static).content)
        assert "English" not in str(home.query_one("#home-heading", Static).content)
        assert any(b.description == "退出" for b in app._bindings.key_to_bindings["q"])
    saved = Settings.load()
    assert (saved.language, saved.new_per_day, saved.theme) == ("zh", 4, "textual-light")


async def test_invalid_setting_is_refused_not_saved(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_settings()
        await settle(pilot)
        app.screen.query_one("#new_per_day", Input).value = "5000"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Invalid value" in str(app.screen.query_one("#settings-message", Static).content)
    assert Settings.load().new_per_day != 5000


async def test_palette_starts_a_drill(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await from_palette(pilot, "drill: mlp")
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.problem.code.startswith("mlp:2-3-1:")


async def test_palette_commands_include_the_issue_examples(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        from quizapp.palette import QuizCommands

        provider = QuizCommands(app.screen)
        labels = [label for label, _help, _callback in provider._commands()]
        for wanted in ("drill: mlp 2-3-1", "review: start", "export: anki", "stats", "settings"):
            assert wanted in labels
        assert "drill: softmax-ce 2-2-3" in labels


def test_every_binding_has_an_id_and_a_description():
    classes = [QuizApp, HomeScreen, DrillScreen, SolutionScreen, QuestionListScreen, QuizScreen, ReviewScreen,
               StatsScreen, SettingsScreen, RowList]
    for cls in classes:
        for binding in cls.BINDINGS:
            assert binding.id, f"{cls.__name__} {binding.key}"
            assert binding.description, f"{cls.__name__} {binding.key}"


def test_sympy_is_not_imported_for_the_home_screen(tmp_path):
    script = textwrap.dedent(
        """
        import asyncio, sys
        from quizapp.app import make_app

        async def main():
            app = make_app(cursor_blink=False)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                print("home" if type(app.screen).__name__ == "HomeScreen" else "other")
                print("sympy" in sys.modules)
                app.open_drill(code="chain2:sigmoid:d1#1")
                await pilot.pause()

        asyncio.run(main())
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "QUIZAPP_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["home", "False"]


@pytest.mark.parametrize("language", ["zh", "both"])
async def test_drill_text_in_other_languages(app_factory, language):
    app = app_factory(language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_drill(code=DRILL_CODE)
        await settle(pilot)
        heading = str(app.screen.query_one("#drill-steps .section-title", Static).content)
        assert "逐步作答" in heading
        assert ("Answer each step" in heading) == (language == "both")


async def test_corrupt_database_is_reported_not_fatal(app_factory, quizapp_home):
    (quizapp_home / "progress.sqlite3").write_bytes(b"this is not a database" * 100)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("moved to" in m for m in messages), messages
        assert isinstance(app.screen, HomeScreen) and app.screen.due_count == 10


async def test_palette_drills_a_typed_code(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await from_palette(pilot, "chain2:relu:d2#11")
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.problem.code == "chain2:relu:d2#11"


async def test_app_can_open_straight_on_a_drill(tmp_path):
    """`quizapp drill CODE` in a terminal opens the app on that problem."""
    from quizapp.app import make_app
    from quizapp.screens.drill import DrillScreen
    from solver.generate import problem_from_code

    problem = problem_from_code("chain2:sigmoid:d1#1768")
    app = make_app(home=tmp_path, cursor_blink=False, start_problem=problem)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.problem.code == problem.code
