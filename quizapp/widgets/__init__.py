"""Widgets for the quiz screens: network diagram, given-values table, step inputs, feedback."""

from __future__ import annotations

from textual import active_app
from textual.widgets import Input


def answer_input(**kwargs) -> Input:
    """An Input that follows the app's cursor-blink setting (off in snapshot tests)."""
    widget = Input(**kwargs)
    app = active_app.get(None)
    widget.cursor_blink = getattr(app, "cursor_blink", True)
    return widget
