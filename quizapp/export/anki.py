"""Anki `.apkg` decks made with genanki.

The model and deck ids are constants: Anki recognises them on every later import. Each note's
GUID comes from our stable question id (or the drill's problem code), so importing a re-export
after a question was edited updates the learner's note and keeps its review history instead
of adding a duplicate. Numeric, formula and step questions and drills are type-in-the-answer
cards; a drill asks for one value (its last asked number) and shows the whole worked solution
on the back. Tags come from topics (Anki tags cannot hold spaces).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from quizapp.export.selection import PROGRESS_EVERY, ExportItems
from quizapp.export.text import LETTERS, LINE, choices, qtext, short_answer, solution_rows, target_step
from quizapp.i18n import pick

DECK_ID = 1_733_420_700_001
QUESTION_MODEL_ID = 1_733_420_700_101
TYPE_IN_MODEL_ID = 1_733_420_700_102
TYPE_IN_KINDS = ("numeric", "symbolic", "step")
CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
table.solution { border-collapse: collapse; font-size: 15px; }
table.solution td, table.solution th { border: 1px solid #999; padding: 2px 6px; }
.phase { font-weight: bold; background: #eee; }
.note { color: #a60; }"""


def _models():
    import genanki

    question_model = genanki.Model(
        QUESTION_MODEL_ID, "quizapp question",
        fields=[{"name": "Id"}, {"name": "Prompt"}, {"name": "Answer"}, {"name": "Extra"}],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Prompt}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}<br><br>{{Extra}}",
        }],
        css=CSS,
    )
    type_in_model = genanki.Model(
        TYPE_IN_MODEL_ID, "quizapp type-in",
        fields=[{"name": "Id"}, {"name": "Prompt"}, {"name": "Answer"}, {"name": "Solution"}],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Prompt}}<br><br>{{type:Answer}}",
            "afmt": "{{Prompt}}<hr id=answer>{{type:Answer}}<br><br>{{Solution}}",
        }],
        css=CSS,
    )
    return question_model, type_in_model


def esc(text: str) -> str:
    return html.escape(text or "").replace("\n", "<br>")


def tag(text: str) -> str:
    return re.sub(r"\s+", "_", str(text).strip()) or "_"


def solution_html(problem: Any, lang: str) -> str:
    rows = []
    for row in solution_rows(problem, lang):
        if row[0] == "phase":
            rows.append(f'<tr><td class="phase" colspan="4">{esc(row[1])}</td></tr>')
        elif row[0] == "step":
            _, step, label, value = row
            rows.append(f"<tr><td><b>{esc(step.id)}</b><br>{esc(label)}</td><td>{esc(step.formula)}</td>"
                        f"<td>{esc(step.substituted)}</td><td><b>{esc(value)}</b></td></tr>")
        elif row[0] == "work":
            rows.append(f"<tr><td></td><td>{esc(row[1])}</td><td>{esc(row[2])}</td><td>{esc(row[3])}</td></tr>")
        else:
            rows.append(f'<tr><td></td><td class="note" colspan="3">{esc(row[1])}</td></tr>')
    head = (f"<tr><th>{esc(pick('步骤', 'step', lang))}</th><th>{esc(pick('公式', 'formula', lang))}</th>"
            f"<th>{esc(pick('代入', 'substituted', lang))}</th><th>{esc(pick('结果', 'value', lang))}</th></tr>")
    notes = "".join(f'<p class="note">{esc(pick(zh, en, lang, LINE))}</p>' for zh, en in problem.notes)
    return f'<table class="solution">{head}{"".join(rows)}</table>{notes}'


def _answer_plain(question: Any, items: ExportItems) -> str:
    """What the learner types: compared by Anki character by character."""
    from solver.fmt import format_value

    from quizapp.export.text import format_number

    if question.type == "numeric":
        return format_number(question.value)
    if question.type == "symbolic":
        return question.expression
    problem = items.problem_for(question.code)
    return format_value(problem.value(question.step))


def question_note(bank_id: str, question: Any, models, lang: str, answers: bool, items: ExportItems):
    import genanki

    question_model, type_in_model = models
    prompt = esc(qtext(question, "prompt", lang))
    if question.type in ("single", "multiple"):
        prompt += "<br>" + "<br>".join(f"<b>{LETTERS[i]}.</b> {esc(pick(c.zh, c.en, lang, ' / '))}"
                                       for i, c in enumerate(choices(question)))
    if question.type == "truefalse":
        prompt += "<br>" + esc(pick("对还是错？", "True or false?", lang))
    # An open question's Answer field is its model answer already: Extra repeating it showed it twice.
    extra_names = ("explanation", "note") if question.type == "open" else ("answer", "explanation", "note")
    extra_parts = [qtext(question, name, lang) for name in extra_names]
    extra = "<br><br>".join(esc(part) for part in extra_parts if part)
    if question.type == "step":
        problem = items.problem_for(question.code)
        spec = problem.spec(question.step)
        prompt += ("<br><br>" + esc(pick(problem.prompt_zh, problem.prompt_en, lang, LINE)) + "<br><br>"
                   + esc(f"{pick('求', 'Find', lang)} {spec.id}: {pick(spec.label_zh, spec.label_en, lang, ' / ')}"))
        extra = solution_html(problem, lang) + ("<br>" + extra if extra else "")
    tags = ["quizapp", tag(bank_id), tag(question.type), f"d{question.difficulty}", *map(tag, question.topics)]
    if question.type in TYPE_IN_KINDS:
        fields = [question.id, prompt, _answer_plain(question, items) if answers else "", extra if answers else ""]
        model = type_in_model
    else:
        answer = esc(short_answer(question, lang, items.problem_for)) if answers else ""
        fields = [question.id, prompt, answer, extra if answers else ""]
        model = question_model
    return genanki.Note(model=model, fields=fields, tags=sorted(set(tags)), guid=genanki.guid_for(question.id))


def drill_note(problem: Any, models, lang: str, answers: bool):
    import genanki
    from solver.fmt import format_value

    _, type_in_model = models
    step_id = target_step(problem)
    spec = problem.spec(step_id)
    asked = pick(f"请写出 {step_id}（{spec.label_zh}）的值。", f"Type the value of {step_id} ({spec.label_en}).", lang, LINE)
    prompt = esc(pick(problem.prompt_zh, problem.prompt_en, lang, LINE)) + "<br><br><b>" + esc(asked) + "</b>"
    code = problem.code or problem.family
    fields = [code, prompt, format_value(problem.value(step_id)) if answers else "",
              solution_html(problem, lang) if answers else ""]
    tags = ["quizapp", "drill", tag(problem.family)]
    if problem.code:
        from solver.generate import read_code

        tags.append(f"d{read_code(problem.code).difficulty}")
    return genanki.Note(model=type_in_model, fields=fields, tags=tags, guid=genanki.guid_for(code))


def write(items: ExportItems, path: Path, lang: str = "both", answers: bool = True, progress=None) -> None:
    """Write the deck to `path` (the caller makes that atomic), a note at a time."""
    import genanki

    models = _models()
    deck = genanki.Deck(DECK_ID, pick("quizapp 练习", "quizapp drills", lang))

    def notes():
        for bank_id, question in items.questions:
            yield question_note(bank_id, question, models, lang, answers, items)
        total = len(items.drills)
        for index, problem in enumerate(items.drills):
            yield drill_note(problem, models, lang, answers)
            if progress and index % PROGRESS_EVERY == 0:
                progress(index, total)

    write_package(deck, notes(), path)


TEMP_PREFIX = "quizapp-anki-"


def write_package(deck, notes, path: Path) -> None:
    """What genanki's `Package(deck).write_to_file` does, with two differences.

    Notes go into the collection one by one as they are made (genanki wants the whole deck in
    memory first: 1.8 GB for 100,000 drills), and the collection is a SQLite file in our own
    temporary folder, removed whatever happens (genanki leaves its file in the system temp
    folder for good: 24.6 MB for 5,000 drills). Folders left by a killed export are removed by
    the next one.
    """
    import itertools
    import json
    import os
    import shutil
    import sqlite3
    import tempfile
    import time
    import zipfile

    import genanki

    _remove_stale_folders(tempfile.gettempdir())
    folder = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")
    try:
        collection = os.path.join(folder, "collection.anki2")
        connection = sqlite3.connect(collection)
        try:
            cursor = connection.cursor()
            timestamp = time.time()
            ids = itertools.count(int(timestamp * 1000))
            genanki.Package(deck).write_to_db(cursor, timestamp, ids)  # schema, collection, the empty deck
            used = {}  # the models notes use, in order of first use, as genanki's Deck records them
            for note in notes:
                used.setdefault(note.model.model_id, note.model)
                note.write_to_db(cursor, timestamp, deck.deck_id, ids)
            models = json.loads(cursor.execute("SELECT models FROM col").fetchone()[0])
            models.update({model_id: model.to_json(timestamp, deck.deck_id) for model_id, model in used.items()})
            cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(path, "w") as out:
            out.write(collection, "collection.anki2")
            out.writestr("media", json.dumps({}))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_stale_folders(parent: str) -> None:
    import os
    import shutil

    from quizapp.export.atomic import running

    try:
        names = [name for name in os.listdir(parent) if name.startswith(TEMP_PREFIX)]
    except OSError:
        return
    for name in names:
        pid = name[len(TEMP_PREFIX):].split("-", 1)[0]
        folder = os.path.join(parent, name)
        if pid.isdigit() and not running(int(pid)) and os.path.isdir(folder) and not os.path.islink(folder):
            shutil.rmtree(folder, ignore_errors=True)
