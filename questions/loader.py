"""Reading bank files: the built-in banks shipped in the package and the user's own.

Every problem is reported as `file:line: field: what is wrong`. `tomllib` gives no line numbers
for values, so `LineIndex` scans the file text once and remembers the line of every table
header and key; a problem about a key that is missing points at its table's header. A bad file
never stops loading: it is skipped, its messages go to `LoadResult.errors`, the rest load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from readers import Limits, ReadError, parse_toml, read_source

from questions.checks import Location, read_bank
from questions.schema import Bank, Question

MAX_FILE_BYTES = 2_000_000
# A bank nests questions > points > keywords > zh: 10 levels is room to spare. A string may be a
# long model answer (the app's own round trip carries answers of 144 KB).
BANK_LIMITS = Limits(max_bytes=MAX_FILE_BYTES, max_depth=10, max_string=500_000, max_digits=24,
                     max_magnitude=1e15, max_items=20_000)
BUILTIN_PACKAGE = "questions"
BUILTIN_FOLDER = "banks"


@dataclass
class LoadResult:
    banks: list[Bank] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def questions(self) -> list[Question]:
        return [question for bank in self.banks for question in bank.questions]

    # Opening a quiz looks up every id of the list: a scan per id was quadratic in the banks' size.
    _index: dict[str, Question] = field(default_factory=dict, init=False, repr=False, compare=False)
    _indexed: tuple[int, int] = field(default=(-1, -1), init=False, repr=False, compare=False)

    def by_id(self, qid: str) -> Question | None:
        """The question with this id, or None (e.g. a card for a question since removed)."""
        if len(self.banks) != self._indexed[0]:
            self._build_index()
        question = self._index.get(qid)
        if question is None and self._indexed[1] != sum(len(bank.questions) for bank in self.banks):
            self._build_index()  # a question added to a bank since: rare, so only checked on a miss
            question = self._index.get(qid)
        return question

    def _build_index(self) -> None:
        self._index = {}
        for bank in self.banks:
            for question in bank.questions:
                if question.id.startswith(bank.id + "."):
                    self._index.setdefault(question.id, question)
        self._indexed = (len(self.banks), sum(len(bank.questions) for bank in self.banks))

    def to_dict(self) -> dict:
        return {"banks": [{"id": b.id, "title": {"zh": b.title_zh, "en": b.title_en},
                           "path": str(b.path) if b.path else None, "counts": b.counts_by_type(),
                           "questions": len(b.questions)} for b in self.banks],
                "errors": list(self.errors)}


# --- where things are in the text ---------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class LineIndex:
    """Line numbers (1-based) of the table headers and keys of a TOML text.

    Paths are flattened `Location`s: `("bank", "id")`, `(("questions", 2), "prompt", "zh")`,
    `(("questions", 2), ("points", 0), "id")`. Keys inside inline tables or multi-line arrays
    are not indexed; they resolve to the line of the key that holds them.
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple, int] = {}
        self._array_counts: dict[tuple, int] = {}
        self._scan(text)

    def line_of(self, location: Location) -> int:
        path = (*location.table, *location.key)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def _scan(self, text: str) -> None:
        table: tuple = ()
        closing: str | None = None  # the delimiter of the multi-line string we are in
        depth = 0                   # open brackets of a multi-line array value
        for number, line in enumerate(text.splitlines(), start=1):
            position = 0
            if closing is not None:
                end = _find_close(line, 0, closing)
                if end < 0:
                    continue
                closing, position = None, end
            elif depth == 0:
                stripped = line.strip()
                if not stripped or stripped.startswith("#"):
                    continue
                if stripped.startswith("["):
                    table = self._header(stripped, number)
                    continue
                keys, position = _read_key(line)
                if keys:
                    path = table
                    for key in keys:
                        path = (*path, key)
                        self.lines.setdefault(path, number)
            depth, closing = _scan_value(line, position, depth)

    def _header(self, stripped: str, number: int) -> tuple:
        is_array = stripped.startswith("[[")
        inner = stripped[2:] if is_array else stripped[1:]
        keys, _ = _read_key(inner, separator="]")
        path: tuple = ()
        for i, key in enumerate(keys):
            slot = (path, key)
            if is_array and i == len(keys) - 1:
                self._array_counts[slot] = self._array_counts.get(slot, -1) + 1
                self.lines.setdefault((*path, key), number)  # the array as a whole: its first entry
                path = (*path, (key, self._array_counts[slot]))
            elif slot in self._array_counts:
                path = (*path, (key, self._array_counts[slot]))
            else:
                path = (*path, key)
        self.lines.setdefault(path, number)
        return path


def _read_key(text: str, separator: str = "=") -> tuple[tuple[str, ...], int]:
    """The dotted key at the start of `text` and the position after its separator, or ((), 0)."""
    keys: list[str] = []
    i = 0
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] in "\"'":
            quote = text[i]
            end = text.find(quote, i + 1)
            if end < 0:
                return (), 0
            keys.append(text[i + 1:end])
            i = end + 1
        else:
            match = _BARE_KEY.match(text, i)
            if not match:
                return (), 0
            keys.append(match.group())
            i = match.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] == ".":
            i += 1
            continue
        if i < len(text) and text[i] == separator:
            return tuple(keys), i + 1
        return (), 0


def _find_close(line: str, start: int, closing: str) -> int:
    """Position after the end of a multi-line string in `line`, or -1 if it goes on."""
    i = start
    while i < len(line):
        if closing == '"""' and line[i] == "\\":
            i += 2
            continue
        if line.startswith(closing, i):
            end = i + 3
            while end < len(line) and line[end] == closing[0]:  # up to two quotes may end the string
                end += 1
            return end
        i += 1
    return -1


_VALUE_MARK = re.compile(r"""[#"'\[\]{}]""")


def _scan_value(line: str, i: int, depth: int) -> tuple[int, str | None]:
    """Bracket depth and open multi-line string after reading `line` from position i."""
    while (mark := _VALUE_MARK.search(line, i)) is not None:
        i = mark.start()
        char = line[i]
        if char == "#":
            break
        if line.startswith('"""', i) or line.startswith("'''", i):
            delimiter = line[i:i + 3]
            end = _find_close(line, i + 3, delimiter)
            if end < 0:
                return depth, delimiter
            i = end
            continue
        if char in "\"'":
            i = _string_end(line, i + 1, char)
            continue
        depth = depth + 1 if char in "[{" else max(0, depth - 1)
        i += 1
    return depth, None


_BASIC_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"')


def _string_end(line: str, i: int, quote: str) -> int:
    """Position after the closing quote of a one-line string whose text starts at i."""
    if quote == "'":  # literal strings have no escapes
        end = line.find("'", i)
        return len(line) if end < 0 else end + 1
    match = _BASIC_STRING_REST.match(line, i)
    return match.end() if match else len(line)


# --- checks that need the solver (imported on first use) ----------------------------------------

@lru_cache(maxsize=256)
def _problem_of(code: str):
    """The problem a code names, or why the code is not valid."""
    from solver.generate import problem_from_code

    try:
        return problem_from_code(code)
    except ValueError as error:  # CodeError and option errors are ValueErrors
        return str(error)


def _steps_of(code: str) -> tuple[str, ...] | str:
    """The step ids of the problem a code names, or why the code is not valid."""
    problem = _problem_of(code)
    return problem if isinstance(problem, str) else problem.template.step_ids


def step_values(problem) -> dict:
    """What a step question's placeholders may name: the givens, then every step's value."""
    return {**problem.given, **problem.values}


def _activation_derivative(function: str, value):
    from solver.ops import ACTIVATIONS

    if value is None:
        return None
    return ACTIVATIONS[function].derivative(value)


def fill_step(code: str, text: str) -> tuple[str | None, str | None]:
    """A step question's text with its placeholders filled from the solver's values, or why not."""
    from questions.templates import TemplateError, fill, has_placeholders

    if not has_placeholders(text):
        return text, None
    problem = _problem_of(code)
    if isinstance(problem, str):
        return None, None  # the code's own check reports it
    from solver.fmt import format_value

    try:
        return fill(text, step_values(problem), format_value, _activation_derivative), None
    except TemplateError as error:
        names = ", ".join(problem.template.step_ids)
        return None, f"{error}; its values are {', '.join(problem.given)}, {names}"


def check_step(code: str, step: str) -> list[tuple[str, str]]:
    steps = _steps_of(code)
    if isinstance(steps, str):
        return [("code", f"{code!r} is not a problem code: {steps}")]
    if step not in steps:
        return [("step", f"{step!r} is not a step of {code}; its steps are {', '.join(steps)}")]
    return []


def check_expression(text: str, variables: tuple[str, ...]) -> str | None:
    """Why a symbolic question's reference formula is not in answer syntax, or None."""
    from solver.parsing.parser import ParseError, parse_expression

    try:
        parse_expression(text, variables)
    except ParseError as error:
        return f"{text!r} does not parse: {error.message_en}"
    return None


# --- files --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FileCheck:
    bank: Bank | None
    errors: list[str]
    text: str | None = None

    @cached_property
    def lines(self) -> LineIndex:
        # Built on demand: scanning costs as much as parsing, and valid files rarely need it.
        return LineIndex(self.text or "")

    def line_of(self, location: Location) -> int:
        return self.lines.line_of(location)


def check_text(text: str, name: str, path: Path | None = None) -> FileCheck:
    """Parse and validate one bank file's text; `name` is how messages name the file."""
    try:
        data = parse_toml(text, name, BANK_LIMITS)
    except ReadError as error:
        return FileCheck(None, [f"{name}:{error.line}: toml: {error.message}"], text)
    bank, problems = read_bank(data, path, check_step=check_step, check_expression=check_expression)
    check = FileCheck(bank, [], text)
    check.errors.extend(f"{name}:{check.line_of(p.location)}: {p.location.field_name()}: {p.message}"
                        for p in problems)
    return check


def read_bank_text(path: Path) -> tuple[str | None, str | None]:
    """The text of a bank file, or an error message `file:line: file: ...` (bounded: /dev/zero is refused)."""
    try:
        return read_source(path, BANK_LIMITS), None
    except ReadError as error:
        return None, f"{error.name}:{error.line}: file: {error.message}"


def check_file(path: Path) -> FileCheck:
    text, error = read_bank_text(path)
    if error is not None:
        return FileCheck(None, [error])
    return check_text(text, str(path), path)


def validate_file(path: str | Path) -> list[str]:
    """Every problem of one bank file on its own (no checks against other banks)."""
    return check_file(Path(path)).errors


def builtin_bank_paths() -> list[Path]:
    folder = resources.files(BUILTIN_PACKAGE).joinpath(BUILTIN_FOLDER)
    if not folder.is_dir():
        return []
    return sorted((Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".toml")),
                  key=lambda p: p.name)


def user_bank_paths(user_dir: Path | None) -> list[Path]:
    if user_dir is None or not Path(user_dir).is_dir():
        return []
    return sorted((p for p in Path(user_dir).glob("*.toml") if p.is_file()), key=lambda p: p.name)


def load_banks(user_dir: Path | None = None) -> LoadResult:
    """The built-in banks, then the user's (sorted by file name); bad files are skipped."""
    result = LoadResult()
    owner: dict[str, Path | None] = {}
    for path in [*builtin_bank_paths(), *user_bank_paths(user_dir)]:
        check = check_file(path)
        if check.errors:
            result.errors.extend(check.errors)
            continue
        bank = check.bank
        if bank.id in owner:
            line = check.line_of(Location(("bank",), ("id",)))
            result.errors.append(f"{path}:{line}: bank.id: '{bank.id}' is already used by {owner[bank.id]}; "
                                 f"this file is skipped (question ids start with the bank id, so they would clash)")
            continue
        owner[bank.id] = path
        result.banks.append(bank)
    return result
