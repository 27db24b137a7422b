"""`quizapp import FILE`: turn an exported JSON or CSV file back into a user bank.

Each bank in the file becomes `<home>/banks/<bank id>.toml`, written in the bank file format and
checked by the bank validator before it is put in place. Ids that already exist (a bank, or a
question in any bank) are reported and left alone: an import never overwrites anything.
Drills are not bank questions (their codes regenerate them): their codes are listed, to be
practised with `quizapp drill CODE`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from readers import Limits

from quizapp.errors import UserError
from quizapp.wording import count_of

# An export of thousands of drills runs to megabytes; one cell may hold a long model answer
# (the app's own round trip carries answers of 144 KB, over the csv module's 128 KB default).
IMPORT_LIMITS = Limits(max_bytes=64_000_000, max_depth=16, max_string=1_000_000, max_digits=32,
                       max_magnitude=1e300, max_items=1_000_000)


@dataclass
class PendingBank:
    id: str
    title_zh: str
    title_en: str
    questions: list[dict] = field(default_factory=list)  # tables in the bank TOML layout


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    imported: int = 0
    clashes: list[str] = field(default_factory=list)
    drill_codes: list[str] = field(default_factory=list)  # drills in the file, not bank questions


def _bilingual(zh: str | None, en: str | None) -> dict | None:
    if not zh and not en:
        return None
    return {"zh": zh or "", "en": en or ""}


def row_table(row: dict) -> dict:
    """A CSV row of the export layout as a `[[questions]]` table (the shape of Question.to_dict)."""
    from quizapp.export.csvfmt import LIST_SEPARATOR

    def cell(name: str) -> str:
        return (row.get(name) or "").strip("\r")

    def items(name: str) -> list:
        return [part for part in cell(name).split(LIST_SEPARATOR) if part]

    kind = cell("type")
    table: dict[str, Any] = {"id": cell("id"), "type": kind, "topics": items("topics")}
    try:
        table["difficulty"] = int(cell("difficulty"))
    except ValueError:
        table["difficulty"] = cell("difficulty")  # the validator names it
    table["section"] = cell("section")
    for name in ("prompt", "answer", "note", "explanation"):
        text = _bilingual(cell(f"{name}_zh"), cell(f"{name}_en"))
        if text or name in ("prompt", "answer"):
            table[name] = text or {"zh": "", "en": ""}
    for name in ("points", "choices"):
        if cell(name):
            try:
                records = json.loads(cell(name))
            except json.JSONDecodeError:
                raise ValueError(f"{table['id']}: column {name} is not valid JSON") from None
            if name == "points":
                table[name] = [{"id": r.get("id", ""), "text": {"zh": r.get("zh", ""), "en": r.get("en", "")},
                                "keywords": {"zh": r.get("keywords_zh", []), "en": r.get("keywords_en", [])}}
                               for r in records]
            else:
                table[name] = [{"text": {"zh": r.get("zh", ""), "en": r.get("en", "")},
                                "correct": bool(r.get("correct"))} for r in records]
    if kind == "truefalse":
        table["truth"] = cell("truth").lower() == "true"
    for name in ("value", "tolerance"):
        if cell(name):
            try:
                table[name] = float(cell(name))
            except ValueError:
                raise ValueError(f"{table['id']}: column {name} is not a number: {cell(name)!r}") from None
    if cell("expression"):
        table["expression"] = cell("expression")
        table["variables"] = items("variables")
    if kind == "step":
        table["code"], table["step"] = cell("code"), cell("step")
    return table


_TEXT = {"zh": str, "en": str}
# The JSON shape of a question record (Question.to_dict); keys marked "!" must be present.
_RECORD = {"id!": str, "type!": str, "topics!": [str], "difficulty!": int, "section!": str, "prompt!": _TEXT,
           "answer!": _TEXT, "note": _TEXT, "explanation": _TEXT,
           "points": [{"id!": str, "text!": _TEXT, "keywords": {"zh": [str], "en": [str]}}],
           "choices": [{"text!": _TEXT, "correct": bool}], "truth": bool, "value": float, "tolerance": float,
           "expression": str, "variables": [str], "code": str, "step": str}
_KIND_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}


def shape_problem(value: Any, shape: Any, where: str) -> str | None:
    """Why `value` does not have `shape` (a type, [shape] or {key: shape}), or None."""
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return f"{where}: must be an object, not {_json_kind(value)}"
        for key, inner in shape.items():
            name = key.rstrip("!")
            if name not in value:
                if key.endswith("!"):
                    return f"{where}.{name}: missing"
                continue
            if (problem := shape_problem(value[name], inner, f"{where}.{name}")) is not None:
                return problem
        return None
    if isinstance(shape, list):
        if not isinstance(value, list):
            return f"{where}: must be a list, not {_json_kind(value)}"
        for index, item in enumerate(value):
            if (problem := shape_problem(item, shape[0], f"{where}[{index}]")) is not None:
                return problem
        return None
    ok = {str: lambda v: isinstance(v, str), bool: lambda v: isinstance(v, bool),
          int: lambda v: isinstance(v, int) and not isinstance(v, bool),
          float: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)}[shape](value)
    return None if ok else f"{where}: must be {_KIND_NAMES[shape]}, not {_json_kind(value)}"


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__)


def checked_bank_id(value: Any, where: str) -> str:
    """`value` when it is a valid bank id; ids name files, so this runs before any path is built."""
    from questions.schema import BANK_ID, MAX_BANK_ID_LENGTH

    if not isinstance(value, str) or not BANK_ID.fullmatch(value) or len(value) > MAX_BANK_ID_LENGTH:
        raise UserError(f"{where}: bank id {value!r} is not valid: use lowercase letters, digits and hyphens "
                        f"(at most {MAX_BANK_ID_LENGTH} characters), e.g. my-bank; nothing imported")
    return value


def checked_question_id(value: Any, where: str) -> str:
    from questions.schema import QUESTION_ID

    if not isinstance(value, str) or not QUESTION_ID.fullmatch(value):
        raise UserError(f"{where}: question id {value!r} is not valid: it must look like <bank id>.<slug>, "
                        f"e.g. my-bank.chain-rule; nothing imported")
    checked_bank_id(value.split(".", 1)[0], where)
    return value


def banks_from_json(text: str, name: str = "import") -> tuple[list[PendingBank], list[str]]:
    from questions import Question

    from readers import ReadError, parse_json

    from quizapp.export.jsonfmt import DocumentError, check_document

    try:
        data = check_document(parse_json(text, name, IMPORT_LIMITS))
    except ReadError as error:
        raise UserError(str(error)) from None
    except DocumentError as error:
        raise UserError(f"{name}: {error}") from None
    pending = {}
    owner = {}
    for index, bank in enumerate(data["banks"]):
        where = f"{name}: banks[{index}]"
        problem = shape_problem(bank, {"id!": str, "title": _TEXT, "questions": [str]}, where)
        if problem is not None:
            raise UserError(problem)
        bank_id = checked_bank_id(bank["id"], f"{where}.id")
        title = bank.get("title") or {}
        pending[bank_id] = PendingBank(bank_id, title.get("zh", ""), title.get("en", ""))
        owner.update({checked_question_id(qid, f"{where}.questions"): bank_id for qid in bank.get("questions", [])})
    for index, record in enumerate(data["questions"]):
        where = f"{name}: questions[{index}]"
        problem = shape_problem(record, _RECORD, where)
        if problem is not None:
            raise UserError(problem)
        checked_question_id(record["id"], f"{where}.id")
        try:
            question = Question.from_dict(record)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
            raise UserError(f"{where} ({record.get('id', '?')!r}): cannot be read: {error}") from None
        bank_id = owner.get(question.id) or question.id.split(".", 1)[0]
        bank = pending.setdefault(bank_id, PendingBank(bank_id, bank_id, bank_id))
        bank.questions.append(question.to_dict())  # Question.to_dict is the bank file's table shape
    drills = data.get("drills") or []
    if not isinstance(drills, list):
        raise UserError(f'{name}: "drills" must be a list, not {_json_kind(drills)}')
    return list(pending.values()), [drill["code"] for drill in drills
                                    if isinstance(drill, dict) and isinstance(drill.get("code"), str)]


def banks_from_csv(text: str, name: str = "import") -> tuple[list[PendingBank], list[str]]:
    from readers import ReadError, read_csv_rows

    try:
        rows = read_csv_rows(text, name, IMPORT_LIMITS, required=("kind", "bank", "id", "type"))
    except ReadError as error:
        raise UserError(str(error)) from None
    pending: dict[str, PendingBank] = {}
    # A drill has a `drill` row and a row per step (before, only step rows): each code once, in file order.
    drills: dict[str, None] = {}
    from quizapp.export.csvfmt import restore_cell

    for number, row in enumerate(rows, start=2):
        row = {column: restore_cell(cell) if isinstance(cell, str) else cell for column, cell in row.items()}
        if row.get("kind") in ("drill", "drill-step"):
            if row.get("code"):
                drills[row["code"]] = None
            continue
        if row.get("kind") != "question":
            raise UserError(f"{name}:{number}: kind must be 'question', 'drill' or 'drill-step', "
                            f"got {row.get('kind')!r}")
        qid = checked_question_id((row.get("id") or "").strip("\r"), f"{name}:{number}: id")
        bank_id = checked_bank_id(row.get("bank") or qid.split(".", 1)[0], f"{name}:{number}: bank")
        bank = pending.setdefault(bank_id, PendingBank(bank_id, row.get("bank_title_zh") or "",
                                                       row.get("bank_title_en") or ""))
        try:
            bank.questions.append(row_table(row))
        except ValueError as error:
            raise UserError(f"{name}:{number}: {error}") from None
    return list(pending.values()), list(drills)


def bank_toml(bank: PendingBank) -> str:
    import tomli_w

    data = {"bank": {"id": bank.id, "title": {"zh": bank.title_zh, "en": bank.title_en}, "version": 1},
            "questions": bank.questions}
    return tomli_w.dumps(data)


def _validate(text: str, bank_id: str) -> list[str]:
    from questions.loader import check_text

    return check_text(text, f"{bank_id}.toml").errors  # checked in memory: no file is written to check it


def import_file(path: Path) -> ImportReport:
    from quizapp import paths
    from quizapp.export import atomic
    from quizapp.export.selection import load_user_and_builtin_banks

    from readers import ReadError, read_source

    try:  # -sig: spreadsheets save CSV with a byte-order mark
        text = read_source(path, IMPORT_LIMITS, encoding="utf-8-sig")
    except ReadError as error:
        raise UserError(str(error)) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        pending, drills = banks_from_csv(text, str(path))
    elif suffix == ".json":
        pending, drills = banks_from_json(text, str(path))
    else:  # no telling extension: JSON if it reads as JSON, else say what import reads
        try:
            pending, drills = banks_from_json(text, str(path))
        except UserError:
            raise UserError(f"{path}: import reads JSON (.json) and CSV (.csv) files as `quizapp export` writes "
                            f"them; this file is neither (Markdown, GIFT, Moodle XML and Anki exports are "
                            f"for reading and for other apps, not for importing back)") from None
    report = ImportReport(drill_codes=drills)
    existing = load_user_and_builtin_banks()
    bank_ids = {bank.id for bank in existing.banks}
    question_ids = {question.id for question in existing.questions}
    folder = paths.user_banks_dir()
    for bank in pending:
        try:
            target = paths.user_bank_file(bank.id)
        except ValueError as error:  # the readers above checked every id; this is the last line of defence
            raise UserError(f"{path}: {error}; nothing imported") from None
        if bank.id in bank_ids or target.exists() or target.is_symlink():
            report.clashes.append(f"bank '{bank.id}' already exists; not overwritten")
            continue
        kept = []
        for table in bank.questions:
            if table.get("id") in question_ids:
                report.clashes.append(f"question '{table['id']}' already exists; not imported")
            else:
                kept.append(table)
        if not kept:
            continue
        bank.questions = kept
        toml_text = bank_toml(bank)
        errors = _validate(toml_text, bank.id)
        if errors:
            shown = "\n  ".join(errors[:20])
            raise UserError(f"bank '{bank.id}' is not valid, nothing imported from it:\n  {shown}")
        folder.mkdir(parents=True, exist_ok=True)
        report.written.append(atomic.write_bytes(target, toml_text.encode("utf-8")))
        report.imported += len(kept)
        question_ids.update(table["id"] for table in kept)
    return report


DRILLS_LISTED = 20


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Add the questions of an exported JSON or CSV file as a user bank."""
    report = import_file(file)
    for clash in report.clashes:
        click.echo(f"skipped: {clash}", err=True)
    if report.drill_codes:
        shown = report.drill_codes[:DRILLS_LISTED]
        more = len(report.drill_codes) - len(shown)
        click.echo(f"note: the file's {count_of(len(report.drill_codes), 'drill')} are not bank questions; each code regenerates "
                   f"its problem, to practise with `quizapp drill CODE`:", err=True)
        for code in shown:
            click.echo(f"  {code}", err=True)
        if more:
            click.echo(f"  ... and {more} more", err=True)
    for path in report.written:
        click.echo(f"added {path}")
    click.echo(f"imported {count_of(report.imported, 'question')}")
    if not report.written and report.clashes:
        raise UserError("nothing imported: every id in the file already exists")


COMMANDS = [import_command]
