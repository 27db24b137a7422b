"""The key footer, redrawn only where the keys it shows change.

Textual's Footer removes and mounts all its keys again each time the screen says its bindings
may have changed, and a screen says so several times for one key press: a focus move alone says
it twice (the focus, then the focused widget's bindings). Each redraw restyles and lays out every
key and repaints the screen: two thirds of the ~150 ms a Tab took on the Export screen. Most moves
change nothing the footer shows (an Input's and a Select's own keys are hidden), and the others
change one key (the app's q is hidden while a box takes letters). So this footer gathers the
requests of one refresh into one look at what it should show, and removes and mounts only the
keys that differ from what it shows.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# (binding, enabled, tooltip) of one key as the footer shows it
Shown = tuple


class KeyFooter(Footer):
    """A Footer that updates once per refresh, and then only the keys whose binding changed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None  # what the footer shows now: see _showing
        self._check_pending = False

    def _showing(self) -> tuple | None:
        """What Footer.compose would show: the first shown binding of each action, in order, with
        whether it is enabled and its tooltip (a Binding is a frozen dataclass: equal key, text
        and group compare equal), then the palette's key. A focused widget's hidden keys do not count."""
        if not self._bindings_ready:
            return None
        active = self.screen.active_bindings
        first_of_action: dict[str, Shown] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                first_of_action.setdefault(binding.action, (binding, enabled, tooltip))
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        palette_key = tuple(palette[1:]) if palette is not None else None
        return tuple(first_of_action.values()), palette_key, self.show_command_palette, self.compact

    def compose(self) -> ComposeResult:
        # Textual's Footer shows nothing until the screen first says its bindings changed, just
        # after the first frame: the screen's first frame then has an empty footer and the
        # footer is composed a second time. The screen's keys are known now; the focus, set
        # after mounting, changes at most a few of them, through _update_keys.
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._showing()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._update_keys)

    async def _update_keys(self) -> None:
        self._check_pending = False
        if not self.is_attached:
            return
        showing, shown = self._showing(), self._shown
        if showing == shown:
            return
        keys = [child for child in self.children if not child.has_class("-command-palette")]
        if (shown is None or showing is None or showing[1:] != shown[1:] or self.compact
                or len(keys) != len(shown[0]) or not all(isinstance(key, FooterKey) for key in keys)
                or any(binding.group is not None for binding, _, _ in shown[0] + showing[0])):
            await self.recompose()  # grouped keys, the palette key or the style changed: all again
            return
        self._shown = showing
        old, new = shown[0], showing[0]
        removed, mounts = [], []
        for operation, old_start, old_end, new_start, new_end in SequenceMatcher(None, old, new,
                                                                               autojunk=False).get_opcodes():
            if operation == "equal":
                continue
            removed.extend(keys[old_start:old_end])
            if new_end > new_start:
                anchor = {"before": keys[old_end]} if old_end < len(keys) else (
                    {"after": keys[-1]} if keys else {})
                mounts.append(([self._key(*entry) for entry in new[new_start:new_end]], anchor))
        for widgets, anchor in mounts:  # before removing: an anchor may be a key about to go
            await self.mount(*widgets, **anchor)
        if removed:
            await self.remove_children(removed)

    def _key(self, binding, enabled: bool, tooltip: str) -> FooterKey:
        """A key as Footer.compose makes it (ungrouped; compact is False, else we recompose)."""
        key = FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                        disabled=not enabled, tooltip=tooltip)
        key.set_reactive(FooterKey.compact, False)
        return key
