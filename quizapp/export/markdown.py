"""A printable worksheet and, in a second file, its answer key with every drill worked step by step.

`name.md` holds the questions and blanks; `name-answers.md` the answers: each question's answer
and model answer, and for each drill every step as formula, substitution and value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.export.selection import PROGRESS_EVERY, ExportItems
from quizapp.export.text import LETTERS, LINE, attr, choices, qtext, short_answer, solution_rows
from quizapp.i18n import pick, type_name

WRITE_SIZE = 1 << 18  # characters gathered before one write


def answers_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-answers{path.suffix or '.md'}")


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def block(text: str) -> str:
    """Bilingual text as separate paragraphs."""
    return "\n\n".join(part for part in text.split("\n") if part.strip())


def _question_heading(number: int, question: Any, lang: str) -> str:
    kind = type_name(question.type).pick(lang)
    return f"## {number}. {kind} · `{question.id}`"


def _worksheet_question(number: int, question: Any, lang: str, items: ExportItems) -> list[str]:
    lines = [_question_heading(number, question, lang), "", block(qtext(question, "prompt", lang))]
    if question.type in ("single", "multiple"):
        lines.append("")
        lines.extend(f"- **{LETTERS[i]}.** {pick(c.zh, c.en, lang, ' / ')}" for i, c in enumerate(choices(question)))
    elif question.type == "truefalse":
        lines += ["", pick("对 ☐  错 ☐", "True ☐  False ☐", lang)]
    elif question.type == "step":
        problem = items.problem_for(question.code)
        step = problem.spec(question.step)
        lines += ["", block(pick(problem.prompt_zh, problem.prompt_en, lang, LINE)), "",
                  f"{pick('求', 'Find', lang)}: `{step.id}` ({pick(step.label_zh, step.label_en, lang, ' / ')})"]
    if question.type != "truefalse":
        lines += ["", f"{pick('答', 'Answer', lang)}: ____________________"]
    return lines + [""]


def _worksheet_drill(number: int, problem: Any, lang: str) -> list[str]:
    lines = [f"## {pick('计算题', 'Drill', lang)} {number} · `{problem.code or problem.family}`", "",
             block(pick(problem.prompt_zh, problem.prompt_en, lang, LINE)), "",
             f"| {pick('步骤', 'Step', lang)} | {pick('含义', 'What', lang)} | {pick('你的答案', 'Your answer', lang)} |",
             "|---|---|---|"]
    for step_id in problem.answers:
        spec = problem.spec(step_id)
        lines.append(f"| `{cell(step_id)}` | {cell(pick(spec.label_zh, spec.label_en, lang, ' / '))} | |")
    return lines + [""]


def _key_question(number: int, question: Any, lang: str, items: ExportItems) -> list[str]:
    lines = [_question_heading(number, question, lang), "",
             f"**{pick('答案', 'Answer', lang)}:** {short_answer(question, lang, items.problem_for)}"]
    if question.type == "step":
        problem = items.problem_for(question.code)
        lines += ["", *_solution_table(problem, lang)]
    model = qtext(question, "answer", lang)
    if model and question.type != "open":
        lines += ["", block(model)]
    points = attr(question, "points", ())
    if points:
        lines += ["", f"**{pick('要点', 'Key points', lang)}:**", ""]
        lines.extend(f"- {pick(p.zh, p.en, lang, ' / ')}" for p in points)
    for field, zh, en in (("explanation", "解析", "Explanation"), ("note", "注意", "Note")):
        text = qtext(question, field, lang)
        if text:
            lines += ["", f"**{pick(zh, en, lang)}:** " + block(text)]
    return lines + [""]


def _solution_table(problem: Any, lang: str) -> list[str]:
    lines = [f"| {pick('步骤', 'Step', lang)} | {pick('公式', 'Formula', lang)} | "
             f"{pick('代入', 'Substituted', lang)} | {pick('结果', 'Value', lang)} |", "|---|---|---|---|"]
    for row in solution_rows(problem, lang):
        if row[0] == "phase":
            lines.append(f"| **{cell(row[1])}** | | | |")
        elif row[0] == "step":
            _, step, label, value = row
            lines.append(f"| `{cell(step.id)}` {cell(label)} | {cell(step.formula)} | {cell(step.substituted)} | "
                         f"{cell(value)} |")
        elif row[0] == "work":
            lines.append(f"| | {cell(row[1])} | {cell(row[2])} | {cell(row[3])} |")
        else:
            lines.append(f"| | {cell(row[1])} | | |")
    for zh, en in problem.notes:
        lines += ["", f"> {pick(zh, en, lang, ' / ')}"]
    return lines


def _key_drill(number: int, problem: Any, lang: str) -> list[str]:
    asked = ", ".join(f"`{s}`" for s in problem.answers)
    return [f"## {pick('计算题', 'Drill', lang)} {number} · `{problem.code or problem.family}`", "",
            f"{pick('需要作答的步骤', 'Asked', lang)}: {asked}", "", *_solution_table(problem, lang), ""]


class Lines:
    """A file written as lines joined by new lines, a few hundred kB a write: what
    `"\\n".join(lines)` gives, without holding the lines of a 100,000-drill answer key."""

    def __init__(self, out) -> None:
        self.out, self.pending, self.size, self.started = out, [], 0, False

    def add(self, lines: list[str]) -> None:
        text = "\n".join(lines)
        self.pending.append("\n" + text if self.started else text)
        self.started = True
        self.size += len(text)
        if self.size > WRITE_SIZE:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.pending).encode("utf-8"))
        self.pending, self.size = [], 0


def write_files(items: ExportItems, sheet_out, key_out, lang: str = "both", answers: bool = True,
                progress=None) -> None:
    """Write the worksheet to the binary file `sheet_out` and, with answers, the key to `key_out`,
    a drill at a time (both files in one pass: each drill is generated once)."""
    sheet = Lines(sheet_out)
    key = Lines(key_out) if answers else None
    sheet.add([f"# {pick('练习题', 'Worksheet', lang)}", ""])
    if key:
        key.add([f"# {pick('答案', 'Answer key', lang)}", ""])
    for number, (_, question) in enumerate(items.questions, start=1):
        sheet.add(_worksheet_question(number, question, lang, items))
        if key:
            key.add(_key_question(number, question, lang, items))
    total = len(items.drills)
    for index, problem in enumerate(items.drills):
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, total)
        sheet.add(_worksheet_drill(index + 1, problem, lang))
        if key:
            key.add(_key_drill(index + 1, problem, lang))
    sheet.flush()
    if key:
        key.flush()


def render_files(items: ExportItems, path: Path, lang: str = "both", answers: bool = True,
                 progress=None) -> list[tuple[Path, bytes]]:
    import io

    sheet, key = io.BytesIO(), io.BytesIO()
    write_files(items, sheet, key, lang, answers, progress)
    files = [(path, sheet.getvalue())]
    if answers:
        files.append((answers_path(path), key.getvalue()))
    return files
