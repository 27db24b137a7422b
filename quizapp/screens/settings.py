"""Settings: language, theme, daily new-card limit, default difficulty, significant figures asked of numeric answers."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Label, Select, Static

from quizapp.i18n import LANGUAGES
from quizapp.screens.base import BaseScreen
from quizapp.settings import FIGURES
from quizapp.widgets import answer_input
from quizapp.widgets.footer import KeyFooter

THEMES = ("textual-dark", "textual-light", "nord", "gruvbox", "solarized-light", "catppuccin-latte")


class SettingsScreen(BaseScreen):
    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="settings.back"),
        Binding("ctrl+s", "save", "Save", id="settings.save"),
    ]

    def compose(self) -> ComposeResult:
        settings = self.services.settings
        yield Header()
        with VerticalScroll(id="settings-form"):
            yield Static(self.t("settings.title"), classes="section-title", markup=False)
            yield self._row("language", Select(
                [(self.t(f"lang.{code}"), code) for code in LANGUAGES],
                value=self.app.language, allow_blank=False, id="language"))
            themes = [name for name in THEMES if name in self.app.available_themes]
            if self.app.theme not in themes:
                themes.append(self.app.theme)
            yield self._row("theme", Select([(name, name) for name in themes], value=self.app.theme,
                                            allow_blank=False, id="theme"))
            yield self._row("new_per_day", answer_input(value=str(settings.new_per_day), id="new_per_day",
                                                        type="integer"))
            yield self._row("difficulty", Select([(f"d{d}", d) for d in (1, 2, 3)], value=settings.difficulty,
                                                 allow_blank=False, id="difficulty"))
            yield self._row("figures", Select([(str(n), n) for n in FIGURES], value=settings.figures,
                                              allow_blank=False, id="figures"))
            yield Button(self.t("key.save"), id="save", variant="primary")
            yield Static("", id="settings-message", markup=False)
        yield KeyFooter()

    def _row(self, name: str, widget) -> Horizontal:
        return Horizontal(Label(self.t(f"settings.{name}"), classes="setting-label",
                                markup=False), widget, classes="setting-row")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#language", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        # The theme previews at once; the language switches on save (it rebuilds every screen).
        if event.select.id == "theme" and event.value in self.app.available_themes:
            self.app.theme = event.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def action_save(self) -> None:
        message = self.query_one("#settings-message", Static)
        fields = {}
        try:
            fields["new_per_day"] = int(self.query_one("#new_per_day").value)
        except ValueError:
            message.update(self.t("settings.invalid", field=self.t("settings.new_per_day")))
            return
        fields["language"] = self.query_one("#language", Select).value
        fields["theme"] = self.query_one("#theme", Select).value
        fields["difficulty"] = self.query_one("#difficulty", Select).value
        fields["figures"] = self.query_one("#figures", Select).value
        settings = replace(self.services.settings, **fields)
        try:
            self.services.save_settings(settings)
        except (ValueError, OSError) as error:
            message.update(self.t("settings.invalid", field=str(error)))
            return
        self.app.theme = settings.theme
        self.app.language = settings.language
        self.notify(self.t("settings.saved"), markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
