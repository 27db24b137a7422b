"""Bounded readers for every file a user hands us: network files, imports, bank files, settings.

Each reader takes `Limits`: how many bytes are read (whatever the file claims to be), how deep
values nest, how long a string and how many digits a number may have, how large a number may
be and how many items a list may hold. What the parser itself would choke on (deep nesting makes
`tomllib` and `json` recurse; a long dotted TOML key makes `tomllib` quadratic; a long integer
hits Python's digit limit) is found by a cheap scan of the text *before* parsing. Every failure
is a `ReadError` whose text is `file:line: what is wrong`.

This package is the bottom layer: it imports nothing of solver, questions or quizapp.
"""

from readers.errors import ReadError
from readers.limits import Limits
from readers.source import read_source
from readers.structured import parse_json, parse_toml, read_json, read_toml
from readers.table import read_csv_rows
from readers.text import control_characters, printable

__all__ = ["Limits", "ReadError", "control_characters", "parse_json", "parse_toml", "printable", "read_csv_rows",
           "read_json", "read_source", "read_toml"]
