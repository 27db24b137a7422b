"""Moodle XML: the same questions as the GIFT export, in Moodle's own question-bank format.

Each question is built as a small tree of `Element`s and written out, indented, as soon as it
is whole: the file streams, never one tree of the whole export. The bytes are those ElementTree
gave with `ET.indent` over the whole tree (the golden tests pin them), but written by our own
serializer: `ET.indent` leaves a reference cycle behind on every call (its recursive closure),
which with the cycle collector paused during exports piled up to 1.2 GB at 100,000 drills.
Every special character is escaped as ElementTree escapes it. Question text is HTML (escaped
once more for HTML, line breaks as <br>). Numeric answers carry `<tolerance>` (absolute),
multiple choice carries per-answer `fraction`s (right ones share 100, wrong ones share -100),
open answers are essays with the model answer as grader information.
"""

from __future__ import annotations

import html
from typing import Any

from quizapp.export.gift import number, weight
from quizapp.export.selection import PROGRESS_EVERY, ExportItems
from quizapp.export.text import (LINE, attr, choices, is_scalar, numeric_tolerance, qtext, short_answer,
                                 step_tolerance, worked_line)
from quizapp.i18n import pick

INDENT = "  "


class Element:
    """One XML element: a tag, attributes in order, and either text or children (never both here)."""

    __slots__ = ("tag", "attributes", "text", "children")

    def __init__(self, tag: str, attributes: dict[str, str] | None = None) -> None:
        self.tag = tag
        self.attributes = attributes or {}
        self.text: str | None = None
        self.children: list[Element] = []

    def __iter__(self):
        return iter(self.children)


def child(parent: Element, tag: str, attributes: dict[str, str] | None = None) -> Element:
    element = Element(tag, attributes)
    parent.children.append(element)
    return element


def escape_text(text: str) -> str:
    """Character data as ElementTree escapes it: &, < and > only."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attribute(text: str) -> str:
    """An attribute value as ElementTree escapes it (quotes, and line breaks and tabs as references)."""
    text = escape_text(text)
    for char, reference in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if char in text:
            text = text.replace(char, reference)
    return text


def serialize(element: Element, level: int, out: list[str]) -> None:
    """`element` as `ET.tostring` writes it after `ET.indent(element, level=level)`."""
    attributes = "".join(f' {key}="{escape_attribute(value)}"' for key, value in element.attributes.items()) \
        if element.attributes else ""
    if element.children:
        out.append(f"<{element.tag}{attributes}>")
        inner = "\n" + INDENT * (level + 1)
        for sub in element.children:
            out.append(inner)
            serialize(sub, level + 1, out)
        out.append(f"\n{INDENT * level}</{element.tag}>")
    elif element.text:
        out.append(f"<{element.tag}{attributes}>{escape_text(element.text)}</{element.tag}>")
    else:
        out.append(f"<{element.tag}{attributes} />")


def _html(text: str) -> str:
    return html.escape(text or "").replace("\n", "<br>")


def _text(parent: Element, tag: str, text: str, fmt: str | None = "html") -> Element:
    element = child(parent, tag, {"format": fmt} if fmt else {})
    child(element, "text").text = _html(text) if fmt == "html" else text
    return element


def _question(quiz: Element, kind: str, name: str, text: str, feedback: str) -> Element:
    element = child(quiz, "question", {"type": kind})
    name_element = child(element, "name")
    child(name_element, "text").text = name
    _text(element, "questiontext", text)
    _text(element, "generalfeedback", feedback)
    child(element, "defaultgrade").text = "1"
    child(element, "penalty").text = "0.3333333"
    child(element, "hidden").text = "0"
    return element


def _answer(element: Element, fraction: str, text: str, fmt: str | None = None) -> Element:
    answer = child(element, "answer", {"fraction": fraction, **({"format": fmt} if fmt else {})})
    child(answer, "text").text = _html(text) if fmt == "html" else text
    return answer


def _numerical(quiz, name, text, feedback, value, tolerance) -> None:
    element = _question(quiz, "numerical", name, text, feedback)
    answer = _answer(element, "100", number(value))
    child(answer, "tolerance").text = number(tolerance)


def _essay(quiz, name, text, feedback, model: str) -> None:
    element = _question(quiz, "essay", name, text, feedback)
    child(element, "responseformat").text = "editor"
    child(element, "responserequired").text = "1"
    child(element, "responsefieldlines").text = "10"
    child(element, "attachments").text = "0"
    _text(element, "graderinfo", model)


def _short(quiz, name, text, feedback, accepted: tuple[str, ...]) -> None:
    element = _question(quiz, "shortanswer", name, text, feedback)
    child(element, "usecase").text = "0"
    for answer in accepted:
        _answer(element, "100", answer)


def _step(quiz, name, text, feedback, problem, step_id, answers: bool) -> None:
    value = problem.value(step_id)
    if value is None:
        _short(quiz, name, text, feedback, ("undefined", "none") if answers else ())
    elif is_scalar(value) and answers:
        _numerical(quiz, name, text, feedback, value, step_tolerance(problem, step_id))
    else:
        _essay(quiz, name, text, feedback, feedback)


def add_question(quiz: Element, question: Any, lang: str, answers: bool, items: ExportItems) -> None:
    text = qtext(question, "prompt", lang)
    explanation = "\n\n".join(t for t in (qtext(question, "answer", lang), qtext(question, "explanation", lang)) if t)
    feedback = explanation if answers else ""
    kind, name = question.type, question.id
    if kind in ("single", "multiple"):
        element = _question(quiz, "multichoice", name, text, feedback)
        child(element, "single").text = "true" if kind == "single" else "false"
        child(element, "shuffleanswers").text = "1"
        child(element, "answernumbering").text = "ABCD"
        options = choices(question)
        right = sum(1 for o in options if o.correct)
        wrong = len(options) - right
        for option in options:
            if not answers:
                share = 0.0
            elif kind == "single":
                share = 100.0 if option.correct else 0.0
            else:
                share = 100 / right if option.correct else -100 / max(wrong, 1)
            _answer(element, weight(share), pick(option.zh, option.en, lang, " / "), "html")
    elif kind == "truefalse":
        element = _question(quiz, "truefalse", name, text, feedback)
        truth = bool(attr(question, "truth"))
        _answer(element, "100" if truth and answers else "0", "true")
        _answer(element, "100" if not truth and answers else "0", "false")
    elif kind == "numeric" and answers:
        _numerical(quiz, name, text, feedback, question.value, numeric_tolerance(question))
    elif kind == "step":
        problem = items.problem_for(question.code)
        spec = problem.spec(question.step)
        text += "\n\n" + pick(problem.prompt_zh, problem.prompt_en, lang, LINE) + \
            f"\n\n{question.step}: {pick(spec.label_zh, spec.label_en, lang, ' / ')}"
        step_feedback = short_answer(question, lang, items.problem_for) if answers else ""
        _step(quiz, name, text, step_feedback, problem, question.step, answers)
    else:
        model = short_answer(question, lang, items.problem_for) if kind == "symbolic" else explanation
        _essay(quiz, name, text, feedback, model if answers else "")


def add_drill(quiz: Element, problem: Any, lang: str, answers: bool) -> None:
    prompt = pick(problem.prompt_zh, problem.prompt_en, lang, LINE)
    code = problem.code or problem.family
    working = problem.working() if answers else {}
    for step in problem.steps():
        if step.id not in problem.answers:
            continue
        text = f"{prompt}\n\n{step.id}: {pick(step.label_zh, step.label_en, lang, ' / ')}"
        worked = worked_line(step, working.get(step.id)) if answers else ""
        _step(quiz, f"{code} {step.id}", text, worked, problem, step.id, answers)


def _category(quiz: Element, path: str) -> None:
    element = child(quiz, "question", {"type": "category"})
    category = child(element, "category")
    child(category, "text").text = f"$course$/top/quizapp/{path}"


def pieces(items: ExportItems, lang: str = "both", answers: bool = True, progress=None):
    """The file's text in pieces: each question element, indented as in the whole tree, once whole."""
    quiz = Element("quiz")  # holds the questions not yet written
    started = False

    def written():
        nonlocal started
        out: list[str] = []
        for element in quiz:
            out.append("\n" + INDENT)
            serialize(element, 1, out)
        quiz.children.clear()
        if out and not started:
            out.insert(0, "<quiz>")
            started = True
        return "".join(out)

    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    current = None
    for bank_id, question in items.questions:
        if bank_id != current:
            current = bank_id
            _category(quiz, bank_id)
        add_question(quiz, question, lang, answers, items)
    yield written()
    total = len(items.drills)
    if total:
        _category(quiz, "drills")
    for index, problem in enumerate(items.drills):
        add_drill(quiz, problem, lang, answers)
        yield written()
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, total)
    yield written()
    yield "\n</quiz>\n" if started else "<quiz />\n"


def render(items: ExportItems, lang: str = "both", answers: bool = True, progress=None) -> bytes:
    return "".join(pieces(items, lang, answers, progress)).encode("utf-8")
