"""A small reader for the GIFT subset the exporter writes, following Moodle's escaping rules.

Test-side only: it lets the tests check what Moodle would read (titles, text, answers,
fractions, numeric value and tolerance) instead of comparing strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ESCAPABLE = "\\~=#{}:n"


@dataclass
class GiftQuestion:
    name: str
    text: str
    kind: str  # numerical | multichoice | truefalse | essay | shortanswer | description
    answers: list[tuple[float, str]] = field(default_factory=list)  # (fraction %, text)
    value: float | None = None
    tolerance: float | None = None
    truth: bool | None = None
    feedback: str = ""


def unescape(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in ESCAPABLE:
            following = text[index + 1]
            out.append("\n" if following == "n" else following)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def split_unescaped(text: str, stops: str) -> list[tuple[str, str]]:
    """Split `text` at unescaped characters of `stops`: [(stop before, chunk)]."""
    parts, current, stop, index = [], [], "", 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index:index + 2])
            index += 2
            continue
        if char in stops:
            parts.append((stop, "".join(current)))
            current, stop = [], char
        else:
            current.append(char)
        index += 1
    parts.append((stop, "".join(current)))
    return parts


def find_unescaped(text: str, target: str, start: int = 0) -> int:
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(target, index):
            return index
        index += 1
    return -1


def parse_question(chunk: str) -> GiftQuestion:
    assert chunk.startswith("::"), chunk[:80]
    end = find_unescaped(chunk, "::", 2)
    name = unescape(chunk[2:end])
    rest = chunk[end + 2:]
    fmt = re.match(r"^\[(html|moodle|plain|markdown)\]", rest)
    if fmt:
        rest = rest[fmt.end():]
    open_at = find_unescaped(rest, "{")
    if open_at < 0:  # no answer block: a description, text shown between questions
        return GiftQuestion(name, unescape(rest), "description")
    close_at = find_unescaped(rest, "}", open_at)
    assert open_at >= 0 and close_at > open_at, f"no answer block in {name}"
    assert rest[close_at + 1:].strip() == "", f"text after the answer block in {name}"
    text = unescape(rest[:open_at])
    block = rest[open_at + 1:close_at]
    feedback = ""
    general = find_unescaped(block, "####")
    if general >= 0:
        block, feedback = block[:general], unescape(block[general + 4:])
    block = block.strip()
    question = GiftQuestion(name, text, "essay", feedback=feedback)
    if not block:
        return question
    if block in ("TRUE", "FALSE", "T", "F"):
        question.kind, question.truth = "truefalse", block.startswith("T")
        return question
    if block.startswith("#"):
        value, tolerance = block[1:].split(":")
        question.kind, question.value, question.tolerance = "numerical", float(value), float(tolerance)
        return question
    tokens = [(stop, body.strip()) for stop, body in split_unescaped(block, "=~") if stop]
    question.kind = "shortanswer" if all(stop == "=" for stop, _ in tokens) and len(tokens) <= 2 and \
        all(not body.startswith("%") for _, body in tokens) and "undefined" in block else "multichoice"
    for stop, body in tokens:
        weight = 100.0 if stop == "=" else 0.0
        match = re.match(r"^%(-?[0-9.]+)%", body)
        if match:
            weight, body = float(match.group(1)), body[match.end():]
        question.answers.append((weight, unescape(body)))
    return question


def read_gift(text: str) -> list[GiftQuestion]:
    questions, chunk = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("//") or line.startswith("$CATEGORY:"):
            continue
        if line.strip():
            chunk.append(line)
        elif chunk:
            questions.append(parse_question("\n".join(chunk)))
            chunk = []
    return questions
