"""The drill's worked solution, shown over the drill: whole once the problem is done, else a
peek at the steps answered so far that asks before revealing the rest."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from quizapp.render.solution import RenderedOnce
from quizapp.widgets.footer import KeyFooter


class SolutionScreen(ModalScreen):
    """The worked solution: formula, substitution and value of each step. While the problem is
    unfinished it is a peek at the steps answered so far; `r` offers the rest, and asks first,
    since revealing them ends the problem as not done (dismissed with True when confirmed)."""

    BINDINGS = [
        Binding("escape,s,q", "back", "Back", id="solution.back"),
        Binding("r", "reveal_rest", "Reveal the rest", id="solution.reveal_rest"),
        Binding("y", "confirm(True)", "Yes", id="solution.yes"),
        Binding("n", "confirm(False)", "No", id="solution.no"),
    ]
    DEFAULT_CSS = """
    SolutionScreen { align: center middle; }
    SolutionScreen > VerticalScroll {
        width: 96%; height: 92%;
        border: round $accent; background: $surface; padding: 0 1;
        scrollbar-gutter: stable;  /* the width a long solution has from the start: rendered once */
    }
    SolutionScreen #solution-peek { color: $warning; }
    """

    def __init__(self, renderable, title: str, peek: str | None = None, confirm: str | None = None) -> None:
        super().__init__()
        self.renderable = renderable
        self.title_text = title
        self.peek, self.confirm_text = peek, confirm  # None: the whole solution, nothing left to reveal
        self.confirming = False

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = self.title_text
            if self.peek:
                yield Static(self.peek, id="solution-peek", markup=False)
            yield Static(RenderedOnce(self.renderable), markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        from quizapp.screens.base import localise_bindings

        localise_bindings(self, self.app.language)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "reveal_rest":
            return self.peek is not None and not self.confirming
        if action == "confirm":
            return self.confirming
        return True

    def action_back(self) -> None:
        if self.confirming:
            self.action_confirm(False)
            return
        self.dismiss(False)

    def action_reveal_rest(self) -> None:
        if self.peek is None:
            return
        self.confirming = True
        self.query_one("#solution-peek", Static).update(self.confirm_text)
        self.refresh_bindings()

    def action_confirm(self, yes: bool) -> None:
        if not self.confirming:
            return
        if yes:
            self.dismiss(True)
            return
        self.confirming = False
        self.query_one("#solution-peek", Static).update(self.peek)
        self.refresh_bindings()
