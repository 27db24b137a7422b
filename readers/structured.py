"""JSON and TOML, scanned, parsed, then walked once more: every value within the limits."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path
from typing import Any

from readers.errors import ReadError, line_at
from readers.limits import Limits
from readers.scan import scan_json, scan_toml
from readers.source import read_source


def _too_deep(name: str, limits: Limits) -> ReadError:
    return ReadError(name, 1, f"nested more than {limits.max_depth} levels deep")


def parse_json(text: str, name: str, limits: Limits = Limits()) -> Any:
    """The value of a JSON text; ReadError `name:line: ...` when it is malformed or over a limit."""
    if len(text) > limits.max_bytes:
        raise ReadError(name, 1, f"too large: more than {limits.max_bytes:,} characters")
    scan_json(text, name, limits)
    try:
        value = json.loads(text, parse_constant=lambda constant: _refuse_constant(constant, name))
    except json.JSONDecodeError as error:
        raise ReadError(name, error.lineno, f"not valid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:  # the scan bounds depth; this stays as the last line of defence
        raise _too_deep(name, limits) from None
    except ValueError as error:  # e.g. Python's limit on the digits of an integer
        raise ReadError(name, 1, f"not valid JSON: {error}") from None
    check_values(value, name, limits)
    return value


def _refuse_constant(constant: str, name: str):
    raise ReadError(name, 1, f"{constant} is not a finite number")


def parse_toml(text: str, name: str, limits: Limits = Limits()) -> dict:
    """The table of a TOML text; ReadError `name:line: ...` when it is malformed or over a limit."""
    if len(text) > limits.max_bytes:
        raise ReadError(name, 1, f"too large: more than {limits.max_bytes:,} characters")
    scan_toml(text, name, limits)
    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = getattr(error, "lineno", None)
        if line is None:
            line, message = _toml_position(message)
        else:
            message = getattr(error, "msg", message)
        raise ReadError(name, line, f"not valid TOML: {message}") from None
    except RecursionError:
        raise _too_deep(name, limits) from None
    except ValueError as error:
        raise ReadError(name, 1, f"not valid TOML: {error}") from None
    check_values(value, name, limits)
    return value


def _toml_position(message: str) -> tuple[int, str]:
    """tomllib before 3.14 puts the place in the message: '... (at line 3, column 5)'."""
    import re

    match = re.search(r"\s*\(at line (\d+), column \d+\)\s*$", message)
    if match:
        return int(match.group(1)), message[:match.start()]
    match = re.search(r"\s*\(at end of document\)\s*$", message)
    if match:
        return 1, message[:match.start()] + " (at the end of the file)"
    return 1, message


def check_values(value: Any, name: str, limits: Limits) -> None:
    """Walk a parsed value (no recursion) and refuse what is over a limit, naming where it is."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, where, depth = stack.pop()
        if depth > limits.max_depth:
            raise ReadError(name, 1, f"{where or 'value'}: nested more than {limits.max_depth} levels deep")
        if isinstance(item, dict):
            if len(item) > limits.max_items:
                raise ReadError(name, 1, f"{where or 'value'}: more than {limits.max_items:,} keys")
            for key, inner in item.items():
                if len(key) > limits.max_string:
                    raise ReadError(name, 1, f"{where or 'value'}: a key of {len(key):,} characters")
                stack.append((inner, f"{where}.{key}" if where else str(key), depth + 1))
        elif isinstance(item, list):
            if len(item) > limits.max_items:
                raise ReadError(name, 1, f"{where or 'value'}: a list of {len(item):,} items; at most "
                                         f"{limits.max_items:,}")
            stack.extend((inner, f"{where}[{index}]", depth + 1) for index, inner in enumerate(item))
        elif isinstance(item, str):
            if len(item) > limits.max_string:
                raise ReadError(name, 1, f"{where}: a string of {len(item):,} characters; at most "
                                         f"{limits.max_string:,}")
        elif isinstance(item, bool):
            continue
        elif isinstance(item, int):
            if item.bit_length() > 3.33 * limits.max_digits + 4 or abs(item) > limits.max_magnitude:
                raise ReadError(name, 1, f"{where}: the number is too large (at most {limits.max_magnitude:g})")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise ReadError(name, 1, f"{where}: {item} is not a finite number")
            if abs(item) > limits.max_magnitude:
                raise ReadError(name, 1, f"{where}: {item:g} is too large (at most {limits.max_magnitude:g})")


def read_json(path: str | Path, limits: Limits = Limits(), encoding: str = "utf-8") -> Any:
    return parse_json(read_source(path, limits, encoding), str(path), limits)


def read_toml(path: str | Path, limits: Limits = Limits()) -> dict:
    return parse_toml(read_source(path, limits), str(path), limits)


__all__ = ["check_values", "line_at", "parse_json", "parse_toml", "read_json", "read_toml"]
