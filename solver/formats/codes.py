"""Problem codes: a short text that reproduces a problem exactly, e.g. `mlp:2-3-1:sigmoid:half_sse:d2#42`.

Layout: family, then the family's options in order, then the difficulty `dN`, optionally the
generator `gN`, then `#seed`. Options left out take the family's defaults; `str(code)` is
always the full, canonical form.

What a code promises: the same given values and the same value of every step, on every
machine, for good. Golden fixtures (tests/unit/solver/golden/) pin this for every family.
Drawing is therefore frozen: a change to how numbers are drawn is a new generator, written
into the code (`mlp:2-3-1:sigmoid:half_sse:d2:g2#42`), while a code without a `gN` part keeps
meaning generator 1 and resolves to the numbers it always has. `g1` may be written but is
dropped from the canonical form. A generator this version does not know is refused with a
clear message (a newer quizapp made the code). A new draw takes its family's newest generator
(`Family.newest`, `solver.generate.fresh_code`); a code typed or stored keeps the one it names.

Generators so far: g2 of neuron, mlp, softmax-ce, residual, softmax-jacobian and optimizer draws
again where g1 left a step value that is the rounding dust of an exact 0 (solver/families/base.py,
DUST); any other seed draws what g1 draws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SEED = 2**63 - 1
_SEED = re.compile(r"^[0-9]{1,19}$")
_DIFFICULTY = re.compile(r"^d([0-9]+)$")
_GENERATOR = re.compile(r"^g([0-9]{1,4})$")
FIRST_GENERATOR = 1  # what a code without a `gN` part means


class CodeError(ValueError):
    """A problem code that cannot be read; the message says what is wrong and shows an example."""


@dataclass(frozen=True)
class ProblemCode:
    family: str
    options: tuple[str, ...]
    difficulty: int
    seed: int
    generator: int = FIRST_GENERATOR

    def __str__(self) -> str:
        parts = [self.family, *self.options, f"d{self.difficulty}"]
        if self.generator != FIRST_GENERATOR:
            parts.append(f"g{self.generator}")
        return ":".join(parts) + f"#{self.seed}"

    def with_seed(self, seed: int) -> "ProblemCode":
        return ProblemCode(self.family, self.options, self.difficulty, seed, self.generator)

    def to_dict(self) -> dict:
        return {
            "family": self.family,
            "options": list(self.options),
            "difficulty": self.difficulty,
            "seed": self.seed,
            "generator": self.generator,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ProblemCode":
        return cls(data["family"], tuple(data["options"]), int(data["difficulty"]), int(data["seed"]),
                   int(data.get("generator", FIRST_GENERATOR)))


def split_code(text: str) -> tuple[str, list[str], int | None, int | None]:
    """Family, raw options, difficulty (or None) and seed (or None), without family checks."""
    family, rest, difficulty, seed, _ = split_versioned_code(text)
    return family, rest, difficulty, seed


def split_versioned_code(text: str) -> tuple[str, list[str], int | None, int | None, int]:
    """`split_code` plus the generator (FIRST_GENERATOR when the code names none)."""
    text = text.strip()
    if not text:
        raise CodeError("empty problem code")
    if len(text) > 200:
        raise CodeError("problem code is too long (at most 200 characters)")
    body, hash_sign, seed_text = text.partition("#")
    seed = None
    if hash_sign:
        if not _SEED.match(seed_text) or int(seed_text) > MAX_SEED:
            raise CodeError(f"seed '{seed_text}' must be a whole number from 0 to {MAX_SEED}")
        seed = int(seed_text)
    parts = [p.strip() for p in body.split(":")]
    family, rest = parts[0], parts[1:]
    if not family:
        raise CodeError("the code must start with a family name")
    generator = FIRST_GENERATOR
    if rest and (match := _GENERATOR.match(rest[-1])):
        generator = int(match.group(1))
        rest = rest[:-1]
        if not (rest and _DIFFICULTY.match(rest[-1])):
            raise CodeError(f"the generator 'g{generator}' comes right after the difficulty, "
                            f"e.g. mlp:2-3-1:sigmoid:half_sse:d2:g{generator}#42")
    difficulty = None
    if rest and (match := _DIFFICULTY.match(rest[-1])):
        difficulty = int(match.group(1))
        rest = rest[:-1]
    if any(not p for p in rest):
        raise CodeError("empty option between ':' separators")
    return family.lower(), rest, difficulty, seed, generator
