"""What an export holds: bank questions picked by bank, tag and type, and generated drills.

Drills are named by their problem codes. The seeds come from `--seed` through a hash, so the
same command always yields the same set, and different families or difficulties under the same
`--seed` do not share seeds by accident.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence as SequenceABC
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

from quizapp.errors import UserError

QUESTION_TYPES = ("open", "single", "multiple", "truefalse", "numeric", "symbolic", "step")
MAX_DRILLS = 100_000
PROGRESS_EVERY = 64  # drills between two progress reports
CHUNK = 500  # drills generated at once: a vectorised batch, yet a few MB however large the export
SEED_RANGE = 1_000_000  # drill seeds 0..999,999: six digits at most, as the app's own


@dataclass(frozen=True)
class BankInfo:
    id: str
    title_zh: str
    title_en: str


@dataclass(frozen=True)
class Selection:
    """The user's choice, as the CLI and the TUI's Export screen give it."""

    banks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    difficulty: int = 1
    count: int = 10
    seed: int = 0

    @property
    def wants_questions(self) -> bool:
        # Asking only for drills means "no bank questions"; any bank filter brings them back.
        return not self.families or bool(self.banks or self.tags or self.types)


@dataclass
class ExportItems:
    """Everything an exporter writes, in a stable order."""

    banks: list[BankInfo] = field(default_factory=list)
    questions: list[tuple[str, Any]] = field(default_factory=list)  # (bank id, Question)
    drills: Sequence[Any] = field(default_factory=list)  # solver Problems (a DrillSet from `collect`)
    _problems: dict[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.questions) + len(self.drills)

    def problem_for(self, code: str):
        """The drill problem a `step` question refers to (cached: several steps share one)."""
        if code not in self._problems:
            from solver.generate import problem_from_code

            self._problems[code] = problem_from_code(code)
        return self._problems[code]


def drill_seeds(family: str, difficulty: int, count: int, seed: int) -> list[int]:
    """`count` distinct problem seeds derived from the user's `--seed`: same inputs, same seeds.

    Below a million, as in the app, so that a code on a worksheet is short to type; a seed
    that came up already in this set is drawn again.
    """
    seeds: list[int] = []
    taken: set[int] = set()
    for index in range(count):
        redraw = 0
        while True:
            key = f"quizapp-export|{family}|d{difficulty}|{seed}|{index}" + (f"|{redraw}" if redraw else "")
            digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
            candidate = int.from_bytes(digest, "big") % SEED_RANGE
            if candidate not in taken:
                break
            redraw += 1
        taken.add(candidate)
        seeds.append(candidate)
    return seeds


def drill_codes(family: str, difficulty: int, count: int, seed: int) -> list[str]:
    """Canonical codes of the drills; `family` may carry options, e.g. `mlp:2-2-1:relu:mse`."""
    from dataclasses import replace

    from solver.formats.codes import FIRST_GENERATOR, CodeError
    from solver.generate import fresh_code, read_code

    if not 1 <= count <= MAX_DRILLS:
        raise UserError(f"--count must be from 1 to {MAX_DRILLS}, got {count}")
    try:
        base = read_code(fresh_code(family, difficulty, 0))  # new draws: the family's newest generator
    except CodeError as error:
        raise UserError(f"--family {family} --difficulty {difficulty}: {error}") from None
    # The seeds derive from the code without its seed and generator, so one --seed keeps giving the
    # same seeds when a family gains a cleaner generator.
    first = replace(base, generator=FIRST_GENERATOR)
    stem = str(first).removesuffix(f"#{first.seed}")
    return [str(base.with_seed(s)) for s in drill_seeds(stem, difficulty, count, seed)]


def generate_drills(codes: Sequence[str], progress: Callable[[int, int], None] | None = None) -> list:
    """The problems of `codes` (all of one family, options and difficulty), in order.

    Network families are drawn and solved in one vectorised batch; the others one by one.
    Either way each problem equals `problem_from_code(code)`.
    """
    from solver.formats.codes import CodeError
    from solver.generate import generate_batch, problem_from_code, read_code

    if not codes:
        return []
    parsed = [read_code(code) for code in codes]
    try:
        batch = generate_batch(parsed[0], [code.seed for code in parsed])
    except CodeError:  # not a network family: no batch path
        batch = None
    problems = []
    for index, code in enumerate(parsed):
        problems.append(batch.problem(index) if batch is not None else problem_from_code(code))
        if progress and index % 256 == 0:
            progress(index, len(codes))
    return problems


class DrillSet(SequenceABC):
    """Drills named by their codes, generated a chunk at a time while a writer reads them.

    Holding 100,000 solved problems at once costs gigabytes; a chunk costs a few megabytes,
    and each chunk is still one vectorised batch. Reading the set twice generates it twice,
    with the same result (a code names its numbers).
    """

    def __init__(self, chunk: int = CHUNK) -> None:
        self.chunk = chunk
        self._groups: list[list[str]] = []  # codes of one family, options and difficulty each

    def add(self, codes: Sequence[str]) -> None:
        if codes:
            self._groups.append(list(codes))

    @property
    def codes(self) -> list[str]:
        return [code for group in self._groups for code in group]

    def __len__(self) -> int:
        return sum(map(len, self._groups))

    def __iter__(self) -> Iterator[Any]:
        for group in self._groups:
            for start in range(0, len(group), self.chunk):
                yield from generate_drills(group[start:start + self.chunk])

    def __getitem__(self, index):
        from solver.generate import problem_from_code

        if isinstance(index, slice):
            return [problem_from_code(code) for code in self.codes[index]]
        return problem_from_code(self.codes[index])


def _bank_info(bank) -> BankInfo:
    return BankInfo(bank.id, getattr(bank, "title_zh", "") or "", getattr(bank, "title_en", "") or "")


def select_questions(banks: Iterable, selection: Selection) -> tuple[list[BankInfo], list[tuple[str, Any]]]:
    banks = list(banks)
    known = {bank.id for bank in banks}
    unknown = [b for b in selection.banks if b not in known]
    if unknown:
        raise UserError(f"unknown bank '{unknown[0]}'; known banks: {', '.join(sorted(known)) or 'none'}")
    bad_types = [t for t in selection.types if t not in QUESTION_TYPES]
    if bad_types:
        raise UserError(f"unknown question type '{bad_types[0]}'; expected one of {', '.join(QUESTION_TYPES)}")
    infos, picked = [], []
    for bank in banks:
        if selection.banks and bank.id not in selection.banks:
            continue
        chosen = [
            q for q in bank.questions
            if (not selection.tags or set(selection.tags) & set(q.topics))
            and (not selection.types or q.type in selection.types)
        ]
        if chosen:
            infos.append(_bank_info(bank))
            picked.extend((bank.id, q) for q in chosen)
    return infos, picked


def load_user_and_builtin_banks():
    """Every bank (built-in and the user's); bank file errors are the loader's to report."""
    from questions import load_banks

    from quizapp import paths

    return load_banks(paths.user_banks_dir())


def collect(selection: Selection, banks: Iterable | None = None) -> ExportItems:
    """Resolve a Selection into the questions and the codes of the drills to export (the drills
    themselves are generated while they are written: see DrillSet)."""
    items = ExportItems()
    if selection.wants_questions:
        if banks is None:
            banks = load_user_and_builtin_banks().banks
        items.banks, items.questions = select_questions(banks, selection)
    drills = DrillSet()
    for family in selection.families:  # codes only: the problems are generated as they are written
        drills.add(drill_codes(family, selection.difficulty, selection.count, selection.seed))
    items.drills = drills
    if not len(items):
        raise UserError("nothing to export: no question matches the selection")
    return items
