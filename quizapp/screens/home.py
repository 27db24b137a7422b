"""Home: where to go (the mock interview too), and the article's four interview questions one key away."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.screens.base import BaseScreen
from quizapp.widgets.footer import KeyFooter

MENU = ("interview", "drill", "review", "stats", "export", "settings", "mock")
# Keys 1-6 were learnt before the mock interview came; it takes `m` rather than move them.
MENU_KEYS = {name: str(number) for number, name in enumerate(MENU[:6], start=1)} | {"mock": "m"}
ARTICLE_KEYS = ("7", "8", "9", "0")


class HomeScreen(BaseScreen):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="home.down", show=False),
        Binding("k", "cursor_up", "Up", id="home.up", show=False),
        *(Binding(MENU_KEYS[name], f"go('{name}')", name.title(), id=f"home.go_{name}", show=False)
          for name in MENU),
        *(Binding(key, f"article({i})", f"Article question {i + 1}", id=f"home.article_{i + 1}", show=False)
          for i, key in enumerate(ARTICLE_KEYS)),
        Binding("c", "go('continue')", "Continue", id="home.go_continue", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.due_count: int | None = None  # cards in today's review queue; -1 when it could not be counted
        self.new_count = 0  # of which never seen before
        self.article: list | None = None  # the article's questions, once the bank is loaded
        self.recovered_from = None
        self.unfinished = None  # quizapp.resume.EarlierWork of the drill last left unfinished
        self.unfinished_steps = 0  # how many steps that problem has

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static(self.t("home.heading"), id="home-heading", markup=False)
            menu = OptionList(*self._menu_options(), id="home-menu")
            yield menu
            yield Static(self.t("home.article"), id="article-heading", markup=False)
            yield OptionList(*self._article_options(), id="article-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#home-menu", OptionList).highlighted = 0
        self.query_one("#home-menu").focus()
        # Start loading once the screen has painted: the loading thread would compete for the
        # interpreter with the first paint.
        self.call_after_refresh(self.load_background)

    def _menu_options(self) -> list[Option]:
        options = []
        if self.unfinished is not None:  # first: what the learner was doing when they stopped
            label = Text.assemble(("c ", "bold"), (self.t("home.continue"), "bold"), "  ", self.unfinished.code,
                                  (f"  {self.unfinished.steps}/{self.unfinished_steps}", "bold"))
            if self.language != "both":
                label.append("  " + self.t("home.continue.help"), style="dim")
            options.append(Option(label, id="continue"))
        for name in MENU:
            label = Text.assemble((f"{MENU_KEYS[name]} ", "bold"), (self.t(f"home.{name}"), "bold"))
            if name == "review":
                if self.due_count is None:
                    due = self.t("home.review.counting")
                elif self.due_count < 0:
                    due = self.t("home.review.due", n="?")
                else:
                    due = self.queue_label(self.due_count, self.new_count)
                label.append(f"  [{due}]", style="bold")
            if self.language != "both":  # both languages at once: the labels alone fill the line
                label.append("  " + self.t(f"home.{name}.help"), style="dim")
            options.append(Option(label, id=name))
        return options

    def _article_options(self) -> list[Option]:
        if self.article is None:
            return [Option(Text(self.t("home.review.counting"), style="dim"), id="loading", disabled=True)]
        if not self.article:
            return [Option(Text(self.t("home.article.missing"), style="dim"), id="missing", disabled=True)]
        options = []
        for key, question in zip(ARTICLE_KEYS, self.article):
            label = Text.assemble((f"{key} ", "bold"), self.pick(question.prompt_zh, question.prompt_en))
            options.append(Option(label, id=question.id))
        return options

    @work(thread=True, exclusive=True, group="home-load")
    def load_background(self) -> None:
        """Count the due cards and load the bank after the first paint, off the UI thread."""
        # A failure here must not stop the app from opening: the entry shows "?" and the
        # reason goes to the log (the screens that need the store or the bank say more).
        services = self.services
        try:
            article = services.article_questions()
        except Exception as error:  # noqa: BLE001 - shown as a missing bank
            self.log.error(f"loading the question banks failed: {error!r}")
            article = []
        try:
            queue = services.due()
            due, new = len(queue), sum(card.new for card in queue)
            recovered = services.store.recovery_message(self.language)
        except Exception as error:  # noqa: BLE001
            self.log.error(f"opening the progress store failed: {error!r}")
            due, new, recovered = -1, 0, None
        try:
            unfinished = services.unfinished_drill()
        except Exception as error:  # noqa: BLE001 - no "continue" entry then
            self.log.error(f"finding an unfinished drill failed: {error!r}")
            unfinished = None
        self.app.call_from_thread(self._loaded, due, new, article, recovered, unfinished)

    def _loaded(self, due: int, new: int, article: list, recovered, unfinished=None) -> None:
        self.due_count, self.new_count, self.article = due, new, article
        self.unfinished, self.unfinished_steps = (unfinished[0], len(unfinished[1].answers)) if unfinished else (None, 0)
        if recovered and self.recovered_from is None:
            self.recovered_from = recovered
            self.notify(recovered, severity="warning", timeout=15, markup=False)
        self._refresh_lists()

    def _refresh_lists(self) -> None:
        menu = self.query_one("#home-menu", OptionList)
        highlighted = menu.highlighted
        was = menu.get_option_at_index(highlighted).id if highlighted is not None else None
        menu.set_options(self._menu_options())
        # The same entry stays highlighted when "continue" comes or goes above it.
        ids = [menu.get_option_at_index(index).id for index in range(menu.option_count)]
        menu.highlighted = ids.index(was) if was in ids else highlighted
        self.query_one("#article-list", OptionList).set_options(self._article_options())

    def on_screen_resume(self) -> None:
        # Coming back from a quiz or a drill: the number due has changed.
        if self.due_count is not None:
            self.load_background()

    def action_cursor_down(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            focused.action_cursor_down()

    def action_cursor_up(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            focused.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "home-menu":
            self.action_go(event.option.id)
        elif event.option.id and self.article:
            self.app.open_quiz([event.option.id])

    def action_go(self, name: str) -> None:
        app = self.app
        if name == "continue":
            if self.unfinished is not None:
                app.open_drill(code=self.unfinished.code)
            return
        {
            "interview": app.open_question_list,
            "mock": app.open_interview,
            "drill": app.open_drill,
            "review": app.open_review,
            "stats": app.open_stats,
            "export": app.open_export,
            "settings": app.open_settings,
        }[name]()

    def action_article(self, index: int) -> None:
        if self.article and index < len(self.article):
            self.app.open_quiz([self.article[index].id])
