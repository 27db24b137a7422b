"""What every screen shares: interface text in the current language, localised key hints."""

from __future__ import annotations

from dataclasses import replace

from textual import active_app
from textual.binding import Binding
from textual.screen import Screen

from quizapp.i18n import pick, text


def binding_text(binding: Binding, language: str) -> str:
    """A binding's footer text: the string "key.<last part of its id>" in `language`."""
    name = "key." + binding.id.rsplit(".", 1)[-1].removesuffix("_q")
    try:
        return text(name, language, separator=" ")
    except KeyError:
        return binding.description


def localise_bindings(node, language: str) -> None:
    """Rewrite the footer descriptions of a screen's or the app's bindings in `language`."""
    mapping = node._bindings.key_to_bindings
    for key, bindings in mapping.items():
        mapping[key] = [replace(b, description=binding_text(b, language)) if b.id else b for b in bindings]


class BaseScreen(Screen):
    """A screen whose text follows the app's language setting."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        app = active_app.get(None)
        if app is not None:  # the keys' words in place for the footer's first compose, not relabelled after it
            localise_bindings(self, app.language)

    @property
    def language(self) -> str:
        return self.app.language

    @property
    def services(self):
        return self.app.services

    def t(self, key: str, **values: object) -> str:
        return text(key, self.language, **values)

    def pick(self, zh: str | None, en: str | None, separator: str = " / ") -> str:
        return pick(zh, en, self.language, separator)

    def on_mount(self) -> None:
        localise_bindings(self, self.language)

    def language_changed(self) -> None:
        """The language setting changed: relabel the keys and rebuild the text."""
        localise_bindings(self, self.language)
        self.refresh_bindings()
        self.call_next(self.rebuild)

    def queue_label(self, size: int, new: int) -> str:
        """A review queue's size as "3 due · 10 new": cards seen before apart from new ones, as
        the stats count only the former as due."""
        parts = [self.t("home.review.due", n=size - new)] if size > new or not size else []
        if new:
            parts.append(self.t("home.review.new", n=new))
        return " · ".join(parts)

    def warm_up_formulas(self) -> None:
        """A formula is about to be asked for: load SymPy in a thread while the learner reads, so
        that grading the answer does not freeze the screen for the import."""
        from solver.grading import symbolic as grade_symbolic

        self.run_worker(grade_symbolic.warm_up, thread=True, group="warm-up", exit_on_error=False)

    async def rebuild(self) -> None:
        """Recompose from the screen's state, and move focus off the widgets just removed
        (a stale focus would cut the screen's and the app's keys off)."""
        focused = self.focused
        await self.recompose()
        if focused is None or not focused.is_attached:
            self.set_focus(None)
            self.focus_next()
