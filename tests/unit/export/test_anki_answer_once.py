"""The back of an Anki card shows the model answer once: Extra does not repeat the Answer field."""

from __future__ import annotations

import pytest

from questions import load_banks
from quizapp.export.anki import _models, esc, question_note
from quizapp.export.selection import ExportItems


@pytest.mark.parametrize("lang", ["both", "en"])
def test_no_note_repeats_its_answer_in_extra(lang):
    items, models = ExportItems(), _models()
    repeated, notes = [], 0
    for question in load_banks(None).questions:
        _id, _prompt, answer, extra = question_note(question.bank_id, question, models, lang, True, items).fields
        notes += 1
        # The back shows the Answer field and then Extra: each language's model answer once.
        models_shown = [question.answer_en] + ([question.answer_zh] if lang == "both" else [])
        if any((answer + extra).count(esc(model)) > 1 for model in models_shown if model):
            repeated.append(question.id)
    assert notes > 30 and repeated == []


def test_an_open_question_keeps_its_explanation_and_note_in_extra():
    question = next(q for q in load_banks(None).questions if q.type == "open" and q.note_en)
    _id, _prompt, answer, extra = question_note(question.bank_id, question, _models(), "en", True, ExportItems()).fields
    assert answer == esc(question.answer_en) and esc(question.note_en) in extra
