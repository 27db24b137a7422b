"""Stats: the figures of `quizapp stats`, with charts of reviews per day and accuracy by family."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from quizapp.screens.base import BaseScreen
from quizapp.widgets.footer import KeyFooter


class StatsScreen(BaseScreen):
    """Paints at once with a placeholder; the figures are read in a thread (a long history
    must not freeze the app), then take the placeholder's place."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [Binding("escape", "back", "Back", id="stats.back")]

    def __init__(self) -> None:
        super().__init__()
        self.figures = None  # the store's Stats, once counted

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-body"):
            if self.figures is None:
                yield Static(self.t("stats.loading"), id="stats-loading", markup=False)
            else:
                yield from self._figures(self.figures)
        yield KeyFooter()

    def _figures(self, figures) -> ComposeResult:
        from textual_plotext import PlotextPlot

        from quizapp.render.stats import render_stats

        per_day = PlotextPlot(id="chart-per-day", classes="chart")
        self._plot_per_day(per_day, figures)
        yield per_day
        if figures.by_family:
            by_family = PlotextPlot(id="chart-by-family", classes="chart")
            self._plot_by_family(by_family, figures)
            yield by_family
        yield Static(render_stats(figures, self.language), id="stats-figures", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        if self.figures is None:
            self._load(self.services)

    @work(thread=True, exclusive=True, group="stats")
    def _load(self, services) -> None:
        figures = services.stats()  # due and new counted as Home and Review count them
        try:
            self.app.call_from_thread(self._loaded, figures)
        except RuntimeError:  # the app closed meanwhile
            pass

    async def _loaded(self, figures) -> None:
        if not self.is_attached:
            return
        self.figures = figures
        if figures.skipped_rows:  # rows a hand edit or another tool left unreadable: say so
            from quizapp.progress.store import skipped_rows_message

            self.notify(skipped_rows_message(figures.skipped_rows, self.language), severity="warning", markup=False)
        body = self.query_one("#stats-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(list(self._figures(figures)))

    def _plot_per_day(self, widget, figures) -> None:
        days = figures.reviews_per_day
        plt = widget.plt
        plt.title(self.t("stats.per_day"))
        counts = [day.reviews for day in days]
        plt.bar([day.day.isoformat()[5:] for day in days], counts, marker="hd")
        plt.xticks([])
        # Counts start at 0; with no reviews yet plotext would centre an empty axis on 0 (-1 to 1).
        plt.ylim(0, max(max(counts, default=0), 1))

    def _plot_by_family(self, widget, figures) -> None:
        rows = figures.by_family
        plt = widget.plt
        plt.title(self.t("stats.by_family"))
        plt.bar([row.family for row in rows], [round(100 * (row.accuracy or 0)) for row in rows],
                orientation="horizontal", marker="hd")
        plt.xlim(0, 100)

    def action_back(self) -> None:
        self.app.pop_screen()
