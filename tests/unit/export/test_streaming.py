"""Exports stream: drills are generated a chunk at a time while the file is written, so a large
export never holds all its problems, nor its whole text (memory is measured in `bench scale`)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from hypothesis import given, settings, strategies as st

import quizapp.export as export
from quizapp.export import export_to_stream, jsonfmt, markdown
from quizapp.export.gift import SPECIAL, escape
from quizapp.export.selection import DrillSet, ExportItems, Selection, collect, drill_codes


class Watched(Sequence):
    """Drills that note how much of the file was written when each one was asked for."""

    def __init__(self, problems, stream) -> None:
        self.problems, self.stream, self.written_before = problems, stream, []

    def __len__(self) -> int:
        return len(self.problems)

    def __getitem__(self, index):
        return self.problems[index]

    def __iter__(self):
        for problem in self.problems:
            self.written_before.append(self.stream.tell())
            yield problem


@pytest.mark.parametrize("format_name", ["json", "csv", "gift", "moodle-xml", "markdown"])
def test_each_drill_is_written_before_the_next_is_made(format_name, monkeypatch, drill_items):
    for module in (export, jsonfmt, markdown):
        monkeypatch.setattr(module, "WRITE_SIZE", 0)
    whole = io.BytesIO()
    export_to_stream(drill_items, whole, format_name, answers=format_name != "markdown")
    stream = io.BytesIO()
    watched = Watched(list(drill_items.drills), stream)
    export_to_stream(ExportItems(drills=watched), stream, format_name, answers=format_name != "markdown")
    assert stream.getvalue() == whole.getvalue()
    sizes = watched.written_before
    assert len(sizes) == len(drill_items.drills) and all(a < b for a, b in zip(sizes, sizes[1:]))


def test_a_drill_set_generates_chunk_by_chunk_what_the_codes_name(monkeypatch):
    from solver.generate import problem_from_code

    import quizapp.export.selection as selection

    calls = []
    real = selection.generate_drills
    monkeypatch.setattr(selection, "generate_drills", lambda codes: calls.append(len(codes)) or real(codes))
    drills = DrillSet(chunk=3)
    drills.add(drill_codes("mlp", 2, 7, 1))
    drills.add(drill_codes("chain2", 1, 2, 1))
    problems = list(drills)
    assert calls == [3, 3, 1, 2] and len(drills) == 9
    assert [p.code for p in problems] == drills.codes
    assert all(p.to_dict() == problem_from_code(p.code).to_dict() for p in problems[::4])
    assert drills[4].to_dict() == problems[4].to_dict()


def test_collect_names_the_drills_without_generating_them(monkeypatch):
    import quizapp.export.selection as selection

    monkeypatch.setattr(selection, "generate_drills", lambda codes: pytest.fail("generated while collecting"))
    items = collect(Selection(families=("mlp",), difficulty=2, count=5000, seed=2))
    assert len(items.drills) == 5000 and len(set(items.drills.codes)) == 5000


def _escape_char_by_char(text):
    """GIFT's escaping as it was written before: one character at a time."""
    out = []
    for char in text or "":
        if char in SPECIAL:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char != "\r":
            out.append(char)
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(SPECIAL + "\n\r nab·中") + ["\\n", "\\\\"]), max_size=30).map("".join))
def test_gift_escape_equals_the_character_loop(text):
    assert escape(text) == _escape_char_by_char(text)
