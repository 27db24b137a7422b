"""Moodle XML: the same questions as the GIFT export, in Moodle's own question-bank format.

Each question is built with ElementTree, so every special character is escaped by the XML
writer, and written out as soon as it is whole: the file streams, never one tree of the whole
export (1.7 GB for 10,000 drills), yet has the bytes `ET.indent` gives the whole tree. Question text
is HTML (escaped once more for HTML, line breaks as <br>). Numeric answers carry `<tolerance>`
(absolute), multiple choice carries per-answer `fraction`s (right ones share 100, wrong ones
share -100), open answers are essays with the model answer as grader information.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from typing import Any

from quizapp.export.gift import number, weight
from quizapp.export.selection import PROGRESS_EVERY, ExportItems
from quizapp.export.text import (LINE, attr, choices, is_scalar, numeric_tolerance, qtext, short_answer,
                                 step_tolerance, worked_line)
from quizapp.i18n import pick


def _html(text: str) -> str:
    return html.escape(text or "").replace("\n", "<br>")


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = _html(text) if fmt == "html" else text
    return element


def _question(quiz: ET.Element, kind: str, name: str, text: str, feedback: str) -> ET.Element:
    element = ET.SubElement(quiz, "question", {"type": kind})
    name_element = ET.SubElement(element, "name")
    ET.SubElement(name_element, "text").text = name
    _text(element, "questiontext", text)
    _text(element, "generalfeedback", feedback)
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    return element


def _answer(element: ET.Element, fraction: str, text: str, fmt: str | None = None) -> ET.Element:
    answer = ET.SubElement(element, "answer", {"fraction": fraction, **({"format": fmt} if fmt else {})})
    ET.SubElement(answer, "text").text = _html(text) if fmt == "html" else text
    return answer


def _numerical(quiz, name, text, feedback, value, tolerance) -> None:
    element = _question(quiz, "numerical", name, text, feedback)
    answer = _answer(element, "100", number(value))
    ET.SubElement(answer, "tolerance").text = number(tolerance)


def _essay(quiz, name, text, feedback, model: str) -> None:
    element = _question(quiz, "essay", name, text, feedback)
    ET.SubElement(element, "responseformat").text = "editor"
    ET.SubElement(element, "responserequired").text = "1"
    ET.SubElement(element, "responsefieldlines").text = "10"
    ET.SubElement(element, "attachments").text = "0"
    _text(element, "graderinfo", model)


def _short(quiz, name, text, feedback, accepted: tuple[str, ...]) -> None:
    element = _question(quiz, "shortanswer", name, text, feedback)
    ET.SubElement(element, "usecase").text = "0"
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


def add_question(quiz: ET.Element, question: Any, lang: str, answers: bool, items: ExportItems) -> None:
    text = qtext(question, "prompt", lang)
    explanation = "\n\n".join(t for t in (qtext(question, "answer", lang), qtext(question, "explanation", lang)) if t)
    feedback = explanation if answers else ""
    kind, name = question.type, question.id
    if kind in ("single", "multiple"):
        element = _question(quiz, "multichoice", name, text, feedback)
        ET.SubElement(element, "single").text = "true" if kind == "single" else "false"
        ET.SubElement(element, "shuffleanswers").text = "1"
        ET.SubElement(element, "answernumbering").text = "ABCD"
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


def add_drill(quiz: ET.Element, problem: Any, lang: str, answers: bool) -> None:
    prompt = pick(problem.prompt_zh, problem.prompt_en, lang, LINE)
    code = problem.code or problem.family
    working = problem.working() if answers else {}
    for step in problem.steps():
        if step.id not in problem.answers:
            continue
        text = f"{prompt}\n\n{step.id}: {pick(step.label_zh, step.label_en, lang, ' / ')}"
        worked = worked_line(step, working.get(step.id)) if answers else ""
        _step(quiz, f"{code} {step.id}", text, worked, problem, step.id, answers)


def _category(quiz: ET.Element, path: str) -> None:
    element = ET.SubElement(quiz, "question", {"type": "category"})
    category = ET.SubElement(element, "category")
    ET.SubElement(category, "text").text = f"$course$/top/quizapp/{path}"


def pieces(items: ExportItems, lang: str = "both", answers: bool = True, progress=None):
    """The file's text in pieces: each question element, indented as in the whole tree, once whole."""
    quiz = ET.Element("quiz")  # holds the questions not yet written
    started = False

    def written():
        nonlocal started
        out = []
        for element in quiz:
            ET.indent(element, level=1)
            element.tail = None
            out.append("\n  " + ET.tostring(element, encoding="unicode"))
        quiz.clear()
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
