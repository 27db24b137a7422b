"""Text on our screens is never read as markup: a learner's answer, a code they typed, a file's
error or a bank's prompt holding "[/]" would stop the app with a MarkupError (and "[b]" would
restyle it). Every Static, Label and notify in quizapp says `markup=False`; our own styling is
built as rich Text."""

from __future__ import annotations

import ast
from pathlib import Path

import quizapp

WIDGETS = {"Static", "Label"}


def _unguarded(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)
        if name in WIDGETS or (name == "notify" and isinstance(function, ast.Attribute)):
            markup = next((k.value for k in node.keywords if k.arg == "markup"), None)
            if not (isinstance(markup, ast.Constant) and markup.value is False):
                found.append(f"{path.name}:{node.lineno}: {name}(...)")
    return found


def test_no_text_on_screen_is_read_as_markup():
    package = Path(quizapp.__file__).parent
    found = [line for path in sorted(package.rglob("*.py")) for line in _unguarded(path)]
    assert found == []
