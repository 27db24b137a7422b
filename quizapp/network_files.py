"""Reading a network the learner brings, from a JSON or TOML file (by its extension) or from
text pasted into the app (the TUI's "my own problem")."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from quizapp.errors import UserError

NETWORK_FORMATS = ("json", "toml")


def guess_network_format(text: str) -> str:
    """JSON when the text opens an object (as `solve CODE --json` prints it), else TOML."""
    return "json" if text.lstrip().startswith("{") else "toml"


def read_network_text(text: str, fmt: str, where: str = "") -> dict:
    """Parse a network description written in `fmt` ("json" or "toml"); `where` names the source
    in messages (a file path), else they say "line N"."""
    try:
        if fmt == "json":
            return json.loads(text)
        if fmt == "toml":
            return tomllib.loads(text)
    except json.JSONDecodeError as error:
        place = f"{where}:{error.lineno}" if where else f"line {error.lineno}"
        raise UserError(f"{place}: not valid JSON: {error.msg}") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{where}: not valid TOML: {error}" if where else f"not valid TOML: {error}") from None
    raise UserError(f"{where or 'network'}: expected a .json or .toml file")


def read_network_file(path: str | Path) -> dict:
    from quizapp.files import read_text

    path = Path(path)
    text = read_text(path)
    return read_network_text(text, path.suffix.lower().lstrip("."), where=str(path))


def problem_from_text(text: str, fmt: str | None = None):
    """The Problem of a pasted network; UserError with the located message when it is wrong."""
    from solver.network_io import NetworkError, problem_from_network

    if not text.strip():
        raise UserError("the network is empty: paste or type one in JSON or TOML")
    network = read_network_text(text, fmt or guess_network_format(text))
    try:
        return problem_from_network(network)
    except NetworkError as error:
        raise UserError(str(error)) from None


def problem_from_file(path: str | Path):
    from solver.network_io import NetworkError, problem_from_network

    network = read_network_file(path)
    try:
        return problem_from_network(network)
    except NetworkError as error:
        raise UserError(f"{path}: {error}") from None
