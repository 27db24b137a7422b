"""Control characters: text from someone else's file must not drive the reader's terminal.

An escape sequence in a bank (OSC 52 writes the clipboard, OSC 0 sets the window title, CSI
moves the cursor) would act when printed. Files are checked with `control_characters`
(the bank validator refuses them) and anything printed passes `printable` as well.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (U+0080-U+009F, e.g. the one-character CSI),
# and the bidirectional overrides that make text display in another order than it reads.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_characters(text: str) -> list[str]:
    """The distinct control characters of `text`, as U+XXXX names, in order of appearance."""
    seen: dict[str, None] = {}
    for match in _CONTROL.finditer(text):
        seen.setdefault(f"U+{ord(match.group()):04X}", None)
    return list(seen)


def printable(text: str, keep_newlines: bool = True) -> str:
    """`text` without control characters (a carriage return too), safe to print to a terminal."""
    cleaned = _CONTROL.sub("", text.replace("\r", ""))
    return cleaned if keep_newlines else cleaned.replace("\n", " ")
