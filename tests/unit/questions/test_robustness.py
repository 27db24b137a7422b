"""Whatever a bank file holds, loading reports problems instead of raising."""

from __future__ import annotations

import functools
import re

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from questions import load_banks
from questions.loader import check_text
from questions.rubric import match
from tests.unit.questions.banktext import bank, question

MESSAGE = re.compile(r"^f\.toml:(\d+): [^:\s]+: \S.*$", re.S)

TOML_BITS = st.sampled_from([
    "[bank]\n", "[[questions]]\n", "[[questions.points]]\n", "[[questions.choices]]\n", "[questions.prompt]\n",
    'id = "t"\n', 'id = "t.a"\n', 'type = "open"\n', 'type = "numeric"\n', "value = 1.5\n", "difficulty = 2\n",
    'section = "一"\n', 'prompt = { zh = "问", en = "Q" }\n', 'answer = { zh = "答", en = "A" }\n',
    'topics = ["a"]\n', "topics = [\n", "]\n", '"""\n', "'''\n", "# comment ]\n", 'x = "a \\" [ b"\n',
    "truth = true\n", 'keywords = { zh = ["一"], en = ["one"] }\n', "= 1\n", "\n",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(TOML_BITS, max_size=25))
def test_any_text_gives_a_result_with_lines_inside_the_file(bits):
    text = "".join(bits)
    check = check_text(text, "f.toml")
    assert (check.bank is None) == bool(check.errors)
    last_line = max(1, len(text.splitlines()) + 1)
    for message in check.errors:
        found = MESSAGE.match(message)
        assert found, message
        assert 1 <= int(found.group(1)) <= last_line


@functools.cache
def _process_points():
    return load_banks(None).by_id("article.forward-backward-process").points


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_rubric_match_takes_any_text(text):
    points = _process_points()  # the banks load once, not once per example
    assert len(match(text, points)) == len(points)


def test_banks_round_trip_through_their_own_file_format():
    # to_dict gives the file's shape: writing it back out as TOML reads in as the same bank.
    for original in load_banks(None).banks:
        check = check_text(tomli_w.dumps(original.to_dict()), "copy.toml", original.path)
        assert check.errors == []
        assert check.bank == original


def test_written_out_test_bank_round_trips():
    kinds = ("open", "single", "truefalse", "numeric", "symbolic", "step")
    first = check_text(bank(*(question(kind, kind) for kind in kinds)), "a.toml").bank
    again = check_text(tomli_w.dumps(first.to_dict()), "b.toml").bank
    assert again == first
