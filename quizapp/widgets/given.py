"""The given values of a problem as a two-column table: name, value."""

from __future__ import annotations

from rich.table import Table
from textual.widgets import Static


def given_table(problem, title: str) -> Table:
    from solver.fmt import format_value

    names = problem.template.display_names
    table = Table(title=None, show_header=True, header_style="bold", box=None, padding=(0, 1), expand=False)
    table.add_column(title, style="bold cyan", no_wrap=True)
    table.add_column("", overflow="fold")
    for name, value in problem.given.items():
        table.add_row(names.get(name, name), _matrix_lines(value, format_value))
    return table


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
        super().__init__(given_table(problem, title), **kwargs)
