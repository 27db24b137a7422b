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
        table.add_row(names.get(name, name), format_value(value))
    return table


class GivenTable(Static):
    DEFAULT_CSS = """
    GivenTable {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, problem, title: str, **kwargs) -> None:
        super().__init__(given_table(problem, title), **kwargs)
