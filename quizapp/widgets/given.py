"""The given values of a problem as a table: name, value.

A network's givens (x, each W and b, t, η) run to ten lines or more, and at 80x24 the last of
them (t and η, which every update needs) would sit below the fold. When the table is that tall
and the width allows, it is set in two name/value columns side by side.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual import events
from textual.widgets import Static

TRAILING = ("t", "eta")  # listed after the parameters, as a generated problem lists them
FOLD_AT_LINES = 6  # taller than this, the table goes into two columns where they fit
COLUMN_GAP = 3


def given_entries(problem) -> list[tuple[str, str]]:
    """(display name, value text) per given value; a matrix's text has one line per row."""
    from solver.fmt import format_value

    names = problem.template.display_names
    # Whatever order a network file gave them in: inputs and parameters first, then target and rate.
    order = sorted(problem.given, key=lambda name: TRAILING.index(name) + 1 if name in TRAILING else 0)
    return [(names.get(name, name), _matrix_lines(problem.given[name], format_value)) for name in order]


def given_table(entries: list[tuple[str, str]], title: str | None) -> Table:
    """One name/value column, headed by `title` (None: no header)."""
    table = Table(title=None, show_header=title is not None, header_style="bold", box=None, padding=(0, 1),
                  expand=False)
    table.add_column(title or "", style="bold cyan", no_wrap=True)
    table.add_column("", overflow="fold")
    for name, text in entries:
        table.add_row(Text(name), Text(text))  # as written, never read as Rich markup
    return table


def folded_table(entries: list[tuple[str, str]], title: str, width: int, console: Console):
    """The entries in two columns when they are tall and two columns fit `width`; else None."""
    heights = [text.count("\n") + 1 for _, text in entries]
    if sum(heights) <= FOLD_AT_LINES or len(entries) < 2:
        return None
    # Keep the reading order (left column, then right) and balance the two heights.
    split = min(range(1, len(entries)), key=lambda k: max(sum(heights[:k]), sum(heights[k:])))
    # The title goes above both columns: as the header of the names it would widen them.
    left, right = given_table(entries[:split], None), given_table(entries[split:], None)
    options = console.options
    needed = sum(Measurement.get(console, options, table).maximum for table in (left, right)) + COLUMN_GAP
    if needed > width:
        return None
    grid = Table.grid(padding=(0, COLUMN_GAP))
    grid.add_row(left, right)
    return Group(Text(" " + title, style="bold"), grid)


def _matrix_lines(value, format_value) -> str:
    """A matrix one row per line, as on a whiteboard; anything else on one line."""
    import numpy as np

    if isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[0] > 1:
        rows = [format_value(row) for row in value]
        return "\n".join(("[" if i == 0 else " ") + row + ("]" if i == len(rows) - 1 else ",")
                         for i, row in enumerate(rows))
    return format_value(value)


class GivenTable(Static):
    DEFAULT_CSS = """
    GivenTable {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, problem, title: str, **kwargs) -> None:
        self.entries = given_entries(problem)
        self.heading = title
        self.folded = False
        super().__init__(given_table(self.entries, title), **kwargs)

    def on_resize(self, event: events.Resize) -> None:
        # The layout depends on the width, known only now; re-set it only when it changes, as
        # the new height resizes the widget again.
        folded = folded_table(self.entries, self.heading, event.size.width, self.app.console)
        if (folded is not None) != self.folded:
            self.folded = folded is not None
            self.update(folded if folded is not None else given_table(self.entries, self.heading))
