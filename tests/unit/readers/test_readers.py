"""The bounded readers on their own: every limit, every refusal a `file:line: ...` ReadError."""

from __future__ import annotations

import json
import os
import threading

import pytest

from readers import Limits, ReadError, parse_json, parse_toml, read_csv_rows, read_source

SMALL = Limits(max_bytes=10_000, max_depth=8, max_string=100, max_digits=12, max_magnitude=1e6, max_items=50)


def refused(parse, text, limits=SMALL):
    with pytest.raises(ReadError) as caught:
        parse(text, "f", limits)
    assert str(caught.value).startswith(f"f:{caught.value.line}: ")
    return caught.value


def test_a_device_is_refused_before_anything_is_read():
    with pytest.raises(ReadError) as caught:
        read_source("/dev/zero", SMALL)
    assert str(caught.value) == "/dev/zero:1: is not a regular file (a device, a pipe or a socket); save it to a file first"


def test_a_fifo_with_no_writer_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    outcome = {}

    def attempt():
        try:
            read_source(fifo, SMALL)
        except ReadError as error:
            outcome["error"] = error

    reader = threading.Thread(target=attempt, daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # the old reader blocks in open() for ever; unblock it so the test ends
        with open(fifo, "wb"):
            pass
        reader.join(5)
        pytest.fail("reading a FIFO waited for a writer")
    assert "not a regular file" in outcome["error"].message


@pytest.mark.parametrize("setup, words", [
    (lambda p: p.write_bytes(b"x" * 10_001), "too large: more than 10,000 bytes"),
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: None, "no such file"),
    (lambda p: p.write_bytes(b"a = 1\n\nb = '\xff'\n"), "not UTF-8"),
])
def test_files_that_are_not_readable_text(tmp_path, setup, words):
    path = tmp_path / "f.toml"
    setup(path)
    with pytest.raises(ReadError) as caught:
        read_source(path, SMALL)
    assert words in caught.value.message and str(caught.value).startswith(f"{path}:")
    if "UTF-8" in words:
        assert caught.value.line == 3


@pytest.mark.parametrize("parse, text, line, words", [
    (parse_json, "[" * 1000 + "]" * 1000, 1, "nested more than 8 levels"),
    (parse_json, '{\n"a":\n' + "[" * 9 + "]" * 9 + "}", 3, "nested more than 8 levels"),
    (parse_toml, "x = " + "[" * 1000 + "]" * 1000, 1, "nested more than 8 levels"),
    (parse_toml, "a = 1\nx = {" + "y = {" * 9 + "}" * 10, 2, "nested more than 8 levels"),
    (parse_toml, "[" + ".".join(["a"] * 2_000) + "]\nx = 1\n", 1, "dotted key of more than 8 parts"),
    (parse_toml, "a = 1\n" + ".".join(["k"] * 9) + " = 1\n", 2, "dotted key of more than 8 parts"),
    (parse_json, '{"a": 1' + "0" * 5000 + "}", 1, "5001 digits"),
    (parse_toml, "\nx = 1" + "0" * 400 + "\n", 2, "401 digits"),
    (parse_json, "[1e308]", 1, "too large"),
    (parse_json, "[1e400]", 1, "too large"),
    (parse_json, "[-1000001]", 1, "too large"),
    (parse_toml, "x = 1e308", 1, "too large"),
    (parse_toml, "x = 0xffffffff", 1, "too large"),
    (parse_json, "[NaN]", 1, "not a finite number"),
    (parse_json, "[-Infinity]", 1, "not a finite number"),
    (parse_toml, "a = 1\nx = -inf", 2, "not a finite number"),
    (parse_toml, "x = nan", 1, "not a finite number"),
    (parse_json, '["' + "s" * 101 + '"]', 1, "string of 101 characters"),
    (parse_toml, 'x = """\n' + "s" * 120 + '"""', 1, "string of"),
    (parse_json, json.dumps(list(range(51))), 1, "a list of 51 items"),
    (parse_toml, "x = [" + ", ".join(["1"] * 51) + "]", 1, "a list of 51 items"),
    (parse_json, "{\n  \"a\": [1,\n 2,\n", 4, "not valid JSON"),
    (parse_toml, "a = 1\nb = = 2\n", 2, "not valid TOML"),
], ids=lambda value: value.__name__ if callable(value) else None)
def test_limits_are_checked_with_the_line(parse, text, line, words):
    error = refused(parse, text)
    assert words in error.message, error
    assert error.line == line, error


def test_text_within_the_limits_reads_as_the_parser_reads_it():
    import tomllib

    toml_text = ('[bank]\nid = "x"\n[[questions]]\nid = "x.a"\nvalue = -0.5\nt = 1979-05-27\n'
                 'note = """\n[[not a header]]\n"""\nitems = [{a = 1}, {b = [1, 2]}]\n"quoted.key" = 1e-7\n'
                 "big = 999_999\nhex = 0xff\n[questions.prompt]\nzh = '问 [ { #'\n")
    assert parse_toml(toml_text, "f", SMALL) == tomllib.loads(toml_text)
    json_text = '{"a": [1, 2.5e-3, "[[[[{{{{ \\" ]]", {"b": null, "c": true}], "d": -0.5}'
    assert parse_json(json_text, "f", SMALL) == json.loads(json_text)


def test_csv_reads_cells_over_the_csv_default_and_refuses_cells_over_the_limit():
    long = "x" * 150_000  # the csv module's own limit is 131,072
    assert read_csv_rows(f"a,b\r\n1,{long}\r\n", "f.csv", Limits(max_string=200_000)) == [{"a": "1", "b": long}]
    with pytest.raises(ReadError) as caught:
        read_csv_rows(f"a,b\r\n1,2\r\n3,\"{long}\"\r\n", "f.csv", Limits(max_string=100_000))
    assert "a cell of more than 100,000 characters" in str(caught.value) and caught.value.line == 3
    import csv

    assert csv.field_size_limit() == 131_072  # the process-wide setting is put back


def test_csv_needs_its_columns_and_no_extra_cells():
    with pytest.raises(ReadError, match="f.csv:1: .*column 'kind' is missing"):
        read_csv_rows("a,b\r\n", "f.csv", required=("kind",))
    with pytest.raises(ReadError, match="f.csv:3: 3 cells; the header has 2 columns"):
        read_csv_rows("a,b\r\n1,2\r\n1,2,3\r\n", "f.csv")
