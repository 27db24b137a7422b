"""The terminal app: one App, its screens, and `make_app` used by the CLI and the tests.

Kept light on purpose: this module is imported before the first paint, so it imports Textual
and the screens only; the store, the banks and the solver load when a screen first needs them.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from quizapp.i18n import LANGUAGES, text
from quizapp.progress.clock import Clock
from quizapp.screens.base import localise_bindings
from quizapp.screens.home import HomeScreen
from quizapp.services import Services

def _quiz_commands():
    # Imported when the palette first opens: textual.command is not needed to paint the home screen.
    from quizapp.palette import QuizCommands

    return QuizCommands


APP_BINDINGS = [
    Binding("ctrl+c,ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
    Binding("q", "quit", "Quit", id="app.quit_q"),
]


class QuizApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS = APP_BINDINGS
    COMMANDS = App.COMMANDS | {_quiz_commands}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"

    language = reactive("en", init=False)
    own_problem_draft: dict | None = None  # what "my own problem" held when the learner left it

    def __init__(self, services: Services, cursor_blink: bool = True, start_problem=None,
                 start_interview: dict | None = None, fresh: bool = False) -> None:
        super().__init__()
        from quizapp.widgets.wide_characters import install

        install()  # a Chinese label in a dropdown or a toast keeps all its characters
        self.services = services
        services.on_store_problem = self.store_problem
        self.start_problem = start_problem  # a solved Problem to drill at once (`quizapp drill CODE`)
        self.fresh = fresh  # `drill --fresh`: start that problem over
        self.start_interview = start_interview  # `quizapp interview` options: open the mock interview
        self.cursor_blink = cursor_blink
        settings = services.settings
        self.language = settings.language if settings.language in LANGUAGES else "en"
        if settings.theme in self.available_themes:
            self.theme = settings.theme

    def watch_theme(self, theme: str) -> None:
        """Keep the theme for the next start: the palette's theme picker sets it without the
        Settings screen, and was forgotten on restart."""
        settings = self.services.settings
        if settings.theme == theme or settings.warnings:
            return  # unchanged; or a damaged file that `config` should repair, not we overwrite
        from dataclasses import replace

        try:
            self.services.save_settings(replace(settings, theme=theme))
        except (OSError, ValueError) as error:
            self.log.error(f"the theme could not be saved: {error!r}")

    def t(self, key: str, **values: object) -> str:
        return text(key, self.language, **values)

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen()

    def on_mount(self) -> None:
        localise_bindings(self, self.language)
        self.title = self.t("app.title")
        if self.start_problem is not None:
            from quizapp.screens.drill import DrillScreen

            self.push_screen(DrillScreen(problem=self.start_problem, fresh=self.fresh))
        elif self.start_interview is not None:
            self.open_interview(**self.start_interview)

    def watch_language(self, language: str) -> None:
        localise_bindings(self, language)
        self.title = self.t("app.title")
        for screen in self.screen_stack:
            relabel = getattr(screen, "language_changed", None)
            if relabel is not None:
                relabel()

    async def on_unmount(self) -> None:
        self.services.close()

    # the progress store's faults (see quizapp/progress/guarded_store.py) -----------------------------
    def store_problem(self, what: str, detail, retrying) -> None:
        """Say on screen that progress is (or is again) not reaching the disk. Any thread."""
        if threading.get_ident() == self._thread_id:
            self._show_store_problem(what, detail, retrying)
        else:
            self.call_from_thread(self._show_store_problem, what, detail, retrying)

    def _show_store_problem(self, what: str, detail, retrying) -> None:
        notice = "store.saved" if what == "saved" else ("store.retry" if retrying else "store.memory")
        message = text(notice, self.language, "\n", detail=detail)
        if what == "saved":
            self.sub_title = ""
            self.notify(message, title=self.t("app.title"), severity="information", timeout=8, markup=False)
            return
        self.sub_title = self.t("store.subtitle")
        self.notify(message, title=self.t("app.title"), severity="error", timeout=30, markup=False)

    # screens opened from anywhere (home menu, command palette) ----------------------------
    def open_drill(self, code: str | None = None, family: str | None = None) -> None:
        from quizapp.screens.drill import DrillScreen

        self.push_screen(DrillScreen(code=code, family=family))

    def open_quiz(self, question_ids: list[str] | None = None) -> None:
        from quizapp.screens.quiz import QuizScreen

        self.push_screen(QuizScreen(question_ids=question_ids))

    def open_interview(self, **options) -> None:
        """The mock interview; options as `quizapp interview` takes them (seed, minutes, count, ...)."""
        from quizapp.screens.interview import InterviewScreen

        self.push_screen(InterviewScreen(**options))

    def open_question_list(self) -> None:
        from quizapp.screens.questions import QuestionListScreen

        self.push_screen(QuestionListScreen())

    def open_review(self) -> None:
        from quizapp.screens.review import ReviewScreen

        self.push_screen(ReviewScreen())

    def open_stats(self) -> None:
        from quizapp.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def open_settings(self) -> None:
        from quizapp.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def open_export(self, format: str | None = None) -> None:
        from quizapp.screens.export import ExportScreen

        self.push_screen(ExportScreen(format or "json"))

    def open_own_problem(self) -> None:
        from quizapp.screens.own_problem import OwnProblemScreen

        self.push_screen(OwnProblemScreen(draft=self.own_problem_draft))


def make_app(home: Path | str | None = None, clock: Clock | None = None, *, seed: int | None = None,
             cursor_blink: bool = True, start_problem=None, timer=None,
             start_interview: dict | None = None, fresh: bool = False) -> QuizApp:
    """The app. `home` points every file at another folder (as $QUIZAPP_HOME does); `clock`
    gives the current UTC time (tests fix it); `seed` makes new drill problems reproducible;
    `cursor_blink=False` for stable snapshots; `start_problem` opens the drill on that problem;
    `timer` gives the seconds an answer took (time.monotonic unless a test moves it);
    `start_interview` (the options of `quizapp interview`) opens the mock interview;
    `fresh` starts `start_problem` over instead of picking up the answers it was left with."""
    if home is not None:
        os.environ["QUIZAPP_HOME"] = str(home)
    services = Services(clock, seed) if timer is None else Services(clock, seed, timer=timer)
    return QuizApp(services, cursor_blink=cursor_blink, start_problem=start_problem,
                   start_interview=start_interview, fresh=fresh)
