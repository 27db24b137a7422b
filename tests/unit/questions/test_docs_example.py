"""The example bank in docs/banks.md is valid, so a teacher copying it starts from a working file."""

from __future__ import annotations

import re
from pathlib import Path

from questions import validate_file

DOC = Path(__file__).resolve().parents[3] / "docs" / "banks.md"


def test_documented_example_validates(tmp_path):
    block = re.search(r"## A small example\n\n```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    path = tmp_path / "example.toml"
    path.write_text(block.group(1), encoding="utf-8")
    assert validate_file(path) == []
