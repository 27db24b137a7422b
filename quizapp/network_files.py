"""Reading a network the learner brings, from a JSON or TOML file (by its extension) or from
text pasted into the app (the TUI's "my own problem")."""

from __future__ import annotations

from pathlib import Path

from quizapp.errors import UserError

NETWORK_FORMATS = ("json", "toml")


def guess_network_format(text: str) -> str:
    """JSON when the text opens an object (as `solve CODE --json` prints it), else TOML."""
    return "json" if text.lstrip().startswith("{") else "toml"


def network_limits():
    """A network is small by design (at most 8 layers of 16 units): a few kilobytes of numbers a
    person can work by hand. Bounding values keeps every intermediate finite (1e308 gave nan)."""
    from readers import Limits

    return Limits(max_bytes=256_000, max_depth=8, max_string=1_000, max_digits=24, max_magnitude=MAX_MAGNITUDE,
                  max_items=64)


MAX_MAGNITUDE = 1e4


def read_network_text(text: str, fmt: str, where: str = "") -> dict:
    """Parse a network description written in `fmt` ("json" or "toml"); `where` names the source
    in messages (a file path), else they say "line N"."""
    from readers import ReadError, parse_json, parse_toml

    if fmt not in NETWORK_FORMATS:
        raise UserError(f"{where or 'network'}: expected a .json or .toml file")
    try:
        if fmt == "json":
            return parse_json(text, where or "network", network_limits())
        return parse_toml(text, where or "network", network_limits())
    except ReadError as error:
        raise UserError(str(error) if where else f"line {error.line}: {error.message}") from None


def read_network_file(path: str | Path) -> dict:
    from readers import ReadError, read_source

    path = Path(path)
    try:
        text = read_source(path, network_limits())
    except ReadError as error:
        raise UserError(str(error)) from None
    return read_network_text(text, path.suffix.lower().lstrip("."), where=str(path))


def problem_from_text(text: str, fmt: str | None = None):
    """The Problem of a pasted network; UserError with the located message when it is wrong."""
    from solver.formats.network_file import NetworkError, problem_from_network

    if not text.strip():
        raise UserError("the network is empty: paste or type one in JSON or TOML")
    network = read_network_text(text, fmt or guess_network_format(text))
    try:
        return problem_from_network(network)
    except NetworkError as error:
        raise UserError(str(error)) from None


def problem_from_file(path: str | Path):
    from solver.formats.network_file import NetworkError, problem_from_network

    network = read_network_file(path)
    try:
        return problem_from_network(network)
    except NetworkError as error:
        raise UserError(f"{path}: {error}") from None
