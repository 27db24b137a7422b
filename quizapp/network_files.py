"""Reading a network the learner brings, from a JSON or TOML file (by its extension)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from quizapp.errors import UserError


def read_network_file(path: str | Path) -> dict:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read it ({error})") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            return json.loads(text)
        if suffix == ".toml":
            return tomllib.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not valid TOML: {error}") from None
    raise UserError(f"{path}: expected a .json or .toml file")


def problem_from_file(path: str | Path):
    from solver.network_io import NetworkError, problem_from_network

    network = read_network_file(path)
    try:
        return problem_from_network(network)
    except NetworkError as error:
        raise UserError(f"{path}: {error}") from None
