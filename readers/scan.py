"""Cheap scans of JSON and TOML text, run before the parser sees it.

One regular expression splits the text into the tokens that matter (strings, brackets, number
literals, key parts, newlines) and a small loop keeps the bracket depth and the line number.
The scan is not a parser: a malformed file may slip past it, and the parser then reports the
syntax error; what the scan guarantees is that the parser is never handed nesting, dotted keys,
strings or numbers beyond the limits, each reported with its line.
"""

from __future__ import annotations

import math
import re

from readers.errors import ReadError
from readers.limits import Limits

_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[\[\]{}]|\n|-?[0-9][0-9.eE+-]*|[A-Za-z]+')

_TOML_TOKEN = re.compile(r'''
    (?P<string>"""(?:\\.|[^\\])*?"{3,5}|\'\'\'.*?\'{3,5}|"(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?)
  | (?P<comment>\#[^\n]*)
  | (?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt\ ][0-9:.]+(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?)?|[0-9]{2}:[0-9]{2}:[0-9.]+)
  | (?P<number>[+-]?(?:0[xob][0-9A-Fa-f_]*|[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][+-]?[0-9_]+)?|inf|nan))
  | (?P<word>[A-Za-z0-9_-]+)
  | (?P<mark>[\[\]{}=.,\n])
''', re.VERBOSE | re.DOTALL)


def _check_number(literal: str, name: str, line: int, limits: Limits) -> None:
    body = literal.lstrip("+-")
    if body in ("inf", "nan", "Infinity", "NaN"):
        raise ReadError(name, line, f"{literal} is not a finite number")
    digits = sum(char.isdigit() for char in body.split("e")[0].split("E")[0]) if not body.startswith("0x") \
        else len(body) - 2
    if digits > limits.max_digits:
        raise ReadError(name, line, f"a number with {digits} digits; at most {limits.max_digits}")
    try:
        value = float(literal.replace("_", "")) if not body[1:2] in ("x", "o", "b") else float(int(literal, 0))
    except (ValueError, OverflowError):
        return  # not a number after all (the parser names it)
    if not math.isfinite(value) or abs(value) > limits.max_magnitude:
        raise ReadError(name, line, f"{literal} is too large: numbers here are at most {limits.max_magnitude:g} "
                                    f"in size")


def _check_string(token: str, name: str, line: int, limits: Limits) -> None:
    if len(token) - 2 > limits.max_string:
        raise ReadError(name, line, f"a string of {len(token) - 2:,} characters; at most {limits.max_string:,}")


def scan_json(text: str, name: str, limits: Limits) -> None:
    depth, line = 0, 1
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            line += 1
        elif first == '"':
            _check_string(token, name, line, limits)
        elif first in "[{":
            depth += 1
            if depth > limits.max_depth:
                raise ReadError(name, line, f"nested more than {limits.max_depth} levels deep")
        elif first in "]}":
            depth -= 1
        elif first == "-" or first.isdigit() or token in ("NaN", "Infinity"):
            _check_number(token, name, line, limits)


def scan_toml(text: str, name: str, limits: Limits) -> None:
    depth = 0            # brackets of values ([ and { after an =)
    line = 1
    key_mode = True      # reading a key (start of a line, or inside an inline table before its =)
    header = False       # inside a [table] or [[array]] header
    parts = 1            # parts of the dotted key being read
    inline: list[str] = []
    for match in _TOML_TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind == "string":
            _check_string(token, name, line, limits)
            line += token.count("\n")
            continue
        if kind == "comment" or kind == "date":
            continue
        if kind in ("number", "word"):
            if not key_mode and kind == "number":
                _check_number(token, name, line, limits)
            continue
        if token == "\n":
            line += 1
            if depth == 0:
                key_mode, header, parts = True, False, 1
        elif token == "." and (key_mode or header):
            parts += 1
            if parts > limits.max_depth:
                raise ReadError(name, line, f"a dotted key of more than {limits.max_depth} parts")
        elif token == "=" and key_mode and not header:
            key_mode, parts = False, 1
        elif token == "[" and key_mode and depth == 0 and not inline:
            header = True  # [table] or [[array of tables]]
        elif token in "[]" and header:
            continue  # the second bracket of [[array]], or the end of the header
        elif token in "[{":
            depth += 1
            inline.append(token)
            if depth > limits.max_depth:
                raise ReadError(name, line, f"nested more than {limits.max_depth} levels deep")
            if token == "{":
                key_mode, parts = True, 1
        elif token in "]}":
            depth = max(0, depth - 1)
            if inline:
                inline.pop()
            key_mode = False
        elif token == "," and inline and inline[-1] == "{":
            key_mode, parts = True, 1
