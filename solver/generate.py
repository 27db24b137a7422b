"""Problems from codes: one at a time for a learner, or in bulk for export."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from solver.formats.codes import CodeError, ProblemCode, split_versioned_code
from solver.families import DIFFICULTIES, FAMILIES
from solver.families.networks import BATCH_SAMPLERS, structure_for
from solver.network import Structure
from solver.formats.network_file import network_problem
from solver.trace import Problem


def read_code(text: str) -> ProblemCode:
    """Parse and complete a code; `str()` of the result is its canonical form."""
    family_name, raw_options, difficulty, seed, generator = split_versioned_code(text)
    family = FAMILIES.get(family_name)
    if family is None:
        raise CodeError(f"unknown family '{family_name}'; expected one of {', '.join(FAMILIES)}; "
                        f"for example {FAMILIES['mlp'].example}")
    options = family.read_options(raw_options)
    if difficulty is None:
        difficulty = 1
    if difficulty not in DIFFICULTIES:
        raise CodeError(f"difficulty d{difficulty} must be d1, d2 or d3; for example {family.example}")
    if seed is None:
        raise CodeError(f"the code needs a seed after '#'; for example {family.example}")
    family.check_generator(generator)
    return ProblemCode(family.name, options, difficulty, seed, generator)


def problem_from_code(text: str | ProblemCode) -> Problem:
    code = text if isinstance(text, ProblemCode) else read_code(text)
    family = FAMILIES[code.family]
    family.check_generator(code.generator)
    return family.builder(code.generator)(code)


def fresh_code(prefix: str, difficulty: int, seed: int) -> str:
    """The canonical code of a new draw: `prefix` is a family with or without options
    (`softmax-ce`, `mlp:2-2-1:relu`), and the code names the family's newest generator
    (`softmax-ce:2-2-3:sigmoid:d1:g2#7`). A code typed without a generator keeps meaning g1."""
    code = read_code(f"{prefix}:d{difficulty}#{seed}")
    return str(replace(code, generator=FAMILIES[code.family].newest))


def random_code(family: str, difficulty: int, seed: int) -> str:
    """The canonical code of a new draw of a family's default options at a difficulty and seed."""
    if family not in FAMILIES:
        raise CodeError(f"unknown family '{family}'; expected one of {', '.join(FAMILIES)}")
    return fresh_code(family, difficulty, seed)


@dataclass(frozen=True)
class Batch:
    """Many problems of one network structure, solved in one vectorised pass.

    `values[name][i]` is problem i's value of a step; `problem(i)` gives the full Problem, equal
    to `problem_from_code(codes[i])`.
    """

    code: ProblemCode
    structure: Structure
    seeds: np.ndarray
    given: dict
    values: dict

    def __len__(self) -> int:
        return len(self.seeds)

    def code_of(self, index: int) -> str:
        return str(self.code.with_seed(int(self.seeds[index])))

    def problem(self, index: int) -> Problem:
        given = {name: _item(value, index) for name, value in self.given.items()}
        return network_problem(self.structure, given, self.code.family, self.code_of(index))


def _item(value: np.ndarray, index: int):
    item = value[index]
    return float(item) if np.ndim(item) == 0 else item


def generate_batch(code: str | ProblemCode, seeds) -> Batch:
    """Solve the network family `code` names (its seed ignored) for every seed at once."""
    code = code if isinstance(code, ProblemCode) else read_code(code)
    try:
        structure = structure_for(code)
    except KeyError:
        raise CodeError(f"batch generation covers the network families, not {code.family}") from None
    FAMILIES[code.family].check_generator(code.generator)
    sampler = BATCH_SAMPLERS.get(code.generator)
    if sampler is None:
        raise CodeError(f"batch generation does not cover generator g{code.generator}")
    seeds = np.asarray(seeds, dtype=np.uint64).reshape(-1)
    given, values = sampler(structure, code.difficulty, seeds, code.family)
    return Batch(code, structure, seeds, given, values)
