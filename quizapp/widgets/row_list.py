"""A list of one-line rows that labels and paints only the rows on screen.

An OptionList measures and lays out every option before its first paint: 1.4 s for a bank of
10k questions. Here a row is always one line (a long label ends in an ellipsis), so the list's
height is its row count and the cost of a paint is the screen's height, whatever the length.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

LABEL_CACHE = 512  # rows kept labelled: a few screens' worth, so scrolling back costs nothing


class RowList(ScrollView, can_focus=True):
    """`count` rows, row i labelled by `label_for(i)`; Enter or a click selects the cursor's row."""

    DEFAULT_CSS = """
    RowList { height: 1fr; background: $surface; }
    RowList > .row-list--cursor { background: $block-cursor-blurred-background; }
    RowList:focus > .row-list--cursor {
        color: $block-cursor-foreground; background: $block-cursor-background; text-style: $block-cursor-text-style;
    }
    """
    COMPONENT_CLASSES = {"row-list--cursor"}
    BINDINGS = [
        Binding("down", "cursor_down", "Down", id="rows.down", show=False),
        Binding("up", "cursor_up", "Up", id="rows.up", show=False),
        Binding("pagedown", "page_down", "Page down", id="rows.page_down", show=False),
        Binding("pageup", "page_up", "Page up", id="rows.page_up", show=False),
        Binding("home", "first", "First", id="rows.first", show=False),
        Binding("end", "last", "Last", id="rows.last", show=False),
        Binding("enter", "select", "Open", id="rows.open"),
    ]

    cursor = reactive(0, always_update=True, init=False)

    class _RowMessage(Message):
        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

        @property
        def control(self) -> RowList:
            return self.row_list

    class Highlighted(_RowMessage):
        """The cursor moved to row `index`."""

    class Selected(_RowMessage):
        """Row `index` was chosen (Enter or a click)."""

    def __init__(self, count: int, label_for: Callable[[int], Text], *, cursor: int = 0,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.count = count
        self.label_for = label_for
        self._labels: dict[int, Text] = {}
        self.set_reactive(RowList.cursor, self._clamp(cursor))
        # Its height from the start, so that the first layout has the scroll bar. No width: a row is
        # cut to the list's width, so the list never scrolls sideways, and a resize changes nothing here.
        self.set_reactive(RowList.virtual_size, Size(0, count))

    # ----- rows ----------------------------------------------------------------------------

    def _clamp(self, index: int) -> int:
        return max(0, min(index, self.count - 1))

    def reset(self, count: int, cursor: int = 0) -> None:
        """Show `count` other rows (e.g. a filtered list), the cursor on row `cursor`."""
        self.count = count
        self._labels.clear()
        self._resize_virtual()
        self.cursor = cursor

    def relabel(self) -> None:
        """The labels changed (e.g. which rows are marked): label the visible rows again."""
        self._labels.clear()
        self.refresh()

    def _label(self, index: int) -> Text:
        label = self._labels.get(index)
        if label is None:
            if len(self._labels) >= LABEL_CACHE:
                self._labels.pop(next(iter(self._labels)))
            label = self._labels[index] = self.label_for(index)
        return label

    def on_mount(self) -> None:
        self.call_after_refresh(self._scroll_to_cursor)

    def on_resize(self, _event: events.Resize) -> None:
        self.call_after_refresh(self._scroll_to_cursor)  # a shorter list must still show the cursor

    def _resize_virtual(self) -> None:
        self.virtual_size = Size(0, self.count)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if not 0 <= index < self.count or width <= 0:
            return Strip.blank(width, base)
        label = self._label(index).copy()
        label.truncate(width, overflow="ellipsis", pad=True)
        style = base + self.get_component_rich_style("row-list--cursor") if index == self.cursor else base
        segments = [Segment(segment.text, style + segment.style if segment.style else style)
                    for segment in label.render(self.app.console) if segment.text != "\n"]
        return Strip(segments, width).crop_extend(0, width, style).apply_meta({"row": index})

    # ----- the cursor ----------------------------------------------------------------------

    def watch_cursor(self, cursor: int) -> None:
        self.refresh()  # a screenful of lines: cheaper than working out which two changed
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, cursor))

    def _scroll_to_cursor(self) -> None:
        if self.count:
            self.scroll_to_region(Region(0, self.cursor, self.scrollable_content_region.width, 1),
                                  animate=False, force=True, immediate=True)

    def validate_cursor(self, cursor: int) -> int:
        return self._clamp(cursor)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.count - 1

    def action_select(self) -> None:
        if self.count:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if row is not None:
            self.cursor = row
            self.action_select()
