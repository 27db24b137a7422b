"""Fuzzing the readers (hypothesis): whatever the text, a reader returns what the parser would,
or refuses with a ReadError; never another exception, never a hang."""

from __future__ import annotations

import json
import tomllib

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from readers import Limits, ReadError, parse_json, parse_toml, printable, read_csv_rows

LIMITS = Limits(max_bytes=20_000, max_depth=6, max_string=200, max_digits=15, max_magnitude=1e9, max_items=40)
FUZZ = settings(max_examples=150, deadline=None)

# Characters that matter to the scanners, so that random text often nests, quotes and escapes.
SYNTAX = st.text(alphabet=st.sampled_from(list('[]{}"\'\\=.,#:\n 0123456789eE+-_xabtrufnsl')), max_size=300)

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=6),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=6)),
                      max_leaves=40)
toml_scalars = st.one_of(st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                         st.text(max_size=30))
toml_tables = st.recursive(st.dictionaries(st.text(max_size=8), toml_scalars, max_size=5),
                           lambda inner: st.dictionaries(st.text(max_size=8), st.one_of(inner, st.lists(inner, max_size=3),
                                                                                          toml_scalars), max_size=5),
                           max_leaves=30)


def _reads_or_refuses(parse, text, reference):
    try:
        value = parse(text, "f", LIMITS)
    except ReadError as error:
        assert str(error).startswith(f"f:{error.line}: ") and error.line >= 1
        return None
    assert value == reference(text)
    return value


@FUZZ
@given(SYNTAX)
def test_json_text_of_any_shape(text):
    _reads_or_refuses(parse_json, text, json.loads)


@FUZZ
@given(SYNTAX)
def test_toml_text_of_any_shape(text):
    _reads_or_refuses(parse_toml, text, tomllib.loads)


@FUZZ
@given(values)
def test_json_documents_read_back_unless_over_a_limit(value):
    text = json.dumps(value)
    _reads_or_refuses(parse_json, text, json.loads)


@FUZZ
@given(toml_tables)
def test_toml_documents_read_back_unless_over_a_limit(table):
    _reads_or_refuses(parse_toml, tomli_w.dumps(table), tomllib.loads)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list('a,"\r\n\x00é')), max_size=300))
def test_csv_text_of_any_shape(text):
    try:
        rows = read_csv_rows("h1,h2\r\n" + text, "f.csv", LIMITS)
    except ReadError as error:
        assert str(error).startswith(f"f.csv:{error.line}: ")
    else:
        assert all(set(row) <= {"h1", "h2"} for row in rows)


@FUZZ
@given(st.text(max_size=60))
def test_printable_text_has_no_control_characters(text):
    cleaned = printable(text)
    assert all(char in "\n\t" or not (ord(char) < 32 or 0x7F <= ord(char) <= 0x9F) for char in cleaned)
    assert "\x1b" not in cleaned
