"""Where a problem comes from, for every front end: a code, a family at a difficulty, a network
(a file, or text pasted into the app) or an expression at a point, each turned into a solved
`Problem` or a `UserError` that says what is wrong.

`solve`, `drill`, `check` and the app's drill and own-problem screens all come through here, so
the rules between sources ("one source at a time", "`--at` goes with `--expr`") and the wording
of every refusal are written once. Imports are lazy: the CLI imports this module on every start.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from quizapp.errors import UserError

# How each source is called in a message, in the order a command lists them.
SOURCE_NAMES = {
    "code": "CODE",
    "family": "--family",
    "network_file": "--network",
    "network_text": "a pasted network",
    "expression": "--expr",
}
EXAMPLE_CODE = "mlp:2-3-1:sigmoid:half_sse:d2#42"


@dataclass(frozen=True)
class ProblemSource:
    """What the learner named; at most one of code, family, network_file, network_text and
    expression. `difficulty` and `seed` go with `family`, `network_format` with `network_text`
    ("json", "toml", or None to tell by the text), `at` with `expression`."""

    code: str | None = None
    family: str | None = None
    difficulty: int = 1
    seed: int | None = None
    network_file: str | None = None
    network_text: str | None = None
    network_format: str | None = None
    expression: str | None = None
    at: str | None = None

    def given(self) -> list[str]:
        """The sources named, by field name, in SOURCE_NAMES order."""
        return [name for name in SOURCE_NAMES if getattr(self, name) is not None]


def problem_from(source: ProblemSource, *, offered: tuple[str, ...] = tuple(SOURCE_NAMES),
                 rng: random.Random | None = None):
    """The solved Problem `source` names. `offered` lists the sources the caller accepts (for the
    message when several are given); `rng` draws the seed of a family without one."""
    given = source.given()
    if len(given) > 1:
        names = [SOURCE_NAMES[name] for name in offered]
        listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
        raise UserError(f"give one of {listed} (got {' and '.join(SOURCE_NAMES[n] for n in given)})")
    if source.at is not None and source.expression is None:
        raise UserError("--at goes with --expr")
    if source.expression is not None:
        return problem_from_expression(source.expression, source.at)
    if source.network_file is not None:
        return problem_from_network_file(source.network_file)
    if source.network_text is not None:
        return problem_from_network_text(source.network_text, source.network_format)
    if source.code is not None:
        return problem_from_code(source.code)
    if source.family is not None or "family" in offered:
        return random_problem(source.family, source.difficulty, source.seed, rng)
    raise UserError(f"give a problem code, e.g. {EXAMPLE_CODE} (see `quizapp families`)")


def problem_from_code(code: str):
    """The problem of a code (any generator this version knows)."""
    from solver.formats.codes import CodeError
    from solver.generate import problem_from_code as build

    if not code or not code.strip():
        raise UserError(f"give a problem code, e.g. {EXAMPLE_CODE} (see `quizapp families`)")
    try:
        return build(code)
    except CodeError as error:
        raise UserError(str(error)) from None


def family_code(family: str | None, difficulty: int, seed: int | None = None,
                rng: random.Random | None = None) -> str:
    """The canonical code of a new draw of a family (a name, optionally with options: `mlp:2-3-1`)
    at a difficulty, with the family's newest generator; the seed is drawn when not given, and so
    is the family when None."""
    from solver.formats.codes import CodeError
    from solver.families import FAMILIES
    from solver.generate import fresh_code

    if seed is None:
        seed = (rng or random.SystemRandom()).randrange(1_000_000)
    if family is None:
        family = sorted(FAMILIES)[seed % len(FAMILIES)]
    try:
        return fresh_code(family, difficulty, seed)
    except CodeError as error:
        raise UserError(str(error)) from None


def random_problem(family: str | None, difficulty: int = 1, seed: int | None = None,
                   rng: random.Random | None = None):
    return problem_from_code(family_code(family, difficulty, seed, rng))


def next_code(code: str, seed: int) -> str:
    """The same kind of problem as `code` (family, options, difficulty) with another seed: a new
    draw, so with the family's newest generator even after an older code."""
    from solver.formats.codes import CodeError
    from solver.generate import fresh_code, read_code

    try:
        old = read_code(code)
        return fresh_code(":".join((old.family, *old.options)), old.difficulty, seed)
    except CodeError as error:
        raise UserError(str(error)) from None


def problem_from_network_file(path: str):
    from quizapp.network_files import problem_from_file

    return problem_from_file(path)


def problem_from_network_text(text: str, fmt: str | None = None):
    """A network pasted as JSON or TOML (`fmt` None: told by the text)."""
    from quizapp.network_files import problem_from_text

    return problem_from_text(text, fmt)


def problem_from_expression(text: str | None, at: str | None):
    """The solved graph of `text` at the point `at`. The message is in English, then Chinese."""
    from solver.expression import ExpressionError, expression_problem

    if not text or not text.strip():
        raise UserError("--expr is empty: give an expression, e.g. --expr \"(x+y)*z\" --at \"x=-2, y=5, z=-4\"")
    if at is None or not at.strip():
        raise UserError("--expr needs --at with a value for every variable, e.g. --at \"x=-2, y=5, z=-4\"")
    try:
        return expression_problem(text, at)
    except ExpressionError as error:
        raise UserError(f"{error.message_en}\n{error.message_zh}", en=error.message_en,
                        zh=error.message_zh) from None

