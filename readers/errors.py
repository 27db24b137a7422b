"""The one error every reader raises."""

from __future__ import annotations


class ReadError(ValueError):
    """A file we refuse to read; `str()` is `file:line: what is wrong`."""

    def __init__(self, name: str, line: int, message: str) -> None:
        self.name, self.line, self.message = name, line, message
        super().__init__(f"{name}:{line}: {message}")


def line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1
