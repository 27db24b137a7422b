"""Bank questions of every type in every format, read back as the target tool would."""

import dataclasses
import html
import json
import sqlite3
import xml.etree.ElementTree as ET
import zipfile

import genanki
import pytest

from solver.fmt import format_value
from solver.generate import problem_from_code
from quizapp.export import export_set
from quizapp.export.anki import QUESTION_MODEL_ID, TYPE_IN_MODEL_ID
from quizapp.export.selection import ExportItems

from .conftest import NASTY_EN
from .gift_reader import read_gift


def _by_id(questions):
    return {q.id: q for q in questions}


def test_gift_each_type_in_its_native_form(tmp_path, question_items, questions):
    target = tmp_path / "set.gift"
    export_set(question_items, target, lang="en")
    read = {q.name: q for q in read_gift(target.read_text(encoding="utf-8"))}
    assert set(read) == {q.id for q in questions}
    assert read["mine.open"].kind == "essay" and read["mine.open"].text == NASTY_EN
    assert "Model answer." in read["mine.open"].feedback
    single = read["mine.single"]
    assert single.kind == "multichoice" and single.answers == [(100.0, "right {one}"), (0.0, "wrong = no"),
                                                               (0.0, "also wrong")]
    multiple = read["mine.multiple"].answers
    assert [w for w, _ in multiple][:3] == [33.33333] * 3
    assert sum(w for w, _ in multiple if w > 0) == pytest.approx(100, abs=1e-3)
    assert sum(w for w, _ in multiple if w < 0) == pytest.approx(-100, abs=1e-3)
    assert (read["mine.truefalse"].kind, read["mine.truefalse"].truth) == ("truefalse", False)
    numeric = read["mine.numeric"]
    assert (numeric.kind, numeric.value, numeric.tolerance) == ("numerical", 0.25, 0.001)
    default = read["mine.numeric-default"]
    assert (default.value, default.tolerance) == (-12.5, pytest.approx(0.0125))
    assert read["mine.symbolic"].kind == "essay" and "sigmoid(z)*(1 - sigmoid(z))" in read["mine.symbolic"].feedback
    step = read["mine.step"]
    expected = problem_from_code("chain2:sigmoid:d1#7").value("dL/dw1")
    assert step.kind == "numerical" and step.value == pytest.approx(expected, rel=1e-12)
    assert step.tolerance == pytest.approx(abs(expected) * 1e-3)


def test_gift_without_answers_gives_nothing_away(tmp_path, question_items):
    target = tmp_path / "set.gift"
    export_set(question_items, target, lang="en", answers=False)
    text = target.read_text(encoding="utf-8")
    assert "Model answer" not in text and "####" not in text
    read = _by_id_name(read_gift(text))
    assert read["mine.open"].kind == "essay"


def _by_id_name(questions):
    return {q.name: q for q in questions}


def test_moodle_xml_each_type_and_escaping(tmp_path, question_items, questions):
    target = tmp_path / "set.xml"
    export_set(question_items, target, lang="en")
    root = ET.parse(target).getroot()
    elements = {q.find("name/text").text: q for q in root.findall("question") if q.get("type") != "category"}
    assert set(elements) == {q.id for q in questions}
    types = {name: element.get("type") for name, element in elements.items()}
    assert types == {"mine.open": "essay", "mine.single": "multichoice", "mine.multiple": "multichoice",
                     "mine.truefalse": "truefalse", "mine.numeric": "numerical", "mine.numeric-default": "numerical",
                     "mine.symbolic": "essay", "mine.step": "numerical"}
    prompt = elements["mine.open"].find("questiontext/text").text
    assert html.unescape(prompt.replace("<br>", "\n")) == NASTY_EN
    assert elements["mine.single"].find("single").text == "true"
    assert [a.get("fraction") for a in elements["mine.single"].findall("answer")] == ["100", "0", "0"]
    assert elements["mine.multiple"].find("single").text == "false"
    fractions = [float(a.get("fraction")) for a in elements["mine.multiple"].findall("answer")]
    assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=1e-3)
    assert sum(f for f in fractions if f < 0) == pytest.approx(-100, abs=1e-3)
    truefalse = {a.find("text").text: a.get("fraction") for a in elements["mine.truefalse"].findall("answer")}
    assert truefalse == {"true": "0", "false": "100"}
    for name, tolerance in (("mine.numeric", 0.001), ("mine.numeric-default", 0.0125)):
        answer = elements[name].find("answer")
        assert float(answer.find("tolerance").text) == pytest.approx(tolerance)
    assert "Model answer." in elements["mine.open"].find("graderinfo/text").text


def test_markdown_answer_key_for_questions(tmp_path, question_items):
    written = export_set(question_items, tmp_path / "sheet.md", lang="en")
    sheet, key = (p.read_text(encoding="utf-8") for p in written)
    assert "Model answer." not in sheet and "right {one}" in sheet
    assert "**Answer:** A: right {one}" in key
    assert "**Answer:** A, B, C: a; b; c" in key
    assert "**Answer:** False" in key
    assert "0.25 ± 0.001" in key and "-12.5 ± 0.0125" in key
    problem = problem_from_code("chain2:sigmoid:d1#7")
    for step in problem.steps():  # the step question's whole worked solution
        assert format_value(step.value) in key


def _notes(path):
    with zipfile.ZipFile(path) as archive:
        database = path.with_suffix(".anki2")
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        return {guid: (mid, flds.split("\x1f"), tags.split())
                for guid, mid, flds, tags in connection.execute("SELECT guid, mid, flds, tags FROM notes")}
    finally:
        connection.close()


def test_anki_question_notes(tmp_path, question_items, questions):
    target = tmp_path / "set.apkg"
    export_set(question_items, target, lang="en")
    notes = _notes(target)
    assert set(notes) == {genanki.guid_for(q.id) for q in questions}
    for question in questions:
        mid, fields, tags = notes[genanki.guid_for(question.id)]
        assert fields[0] == question.id
        expected_model = TYPE_IN_MODEL_ID if question.type in ("numeric", "symbolic", "step") else QUESTION_MODEL_ID
        assert mid == expected_model
        assert {"chain-rule", "backpropagation", "quizapp", "mine", "d2"} <= set(tags)
    assert notes[genanki.guid_for("mine.numeric")][1][2] == "0.25"
    assert notes[genanki.guid_for("mine.symbolic")][1][2] == "sigmoid(z)*(1 - sigmoid(z))"
    open_prompt = notes[genanki.guid_for("mine.open")][1][1]
    assert "<b>" not in open_prompt and "&lt;b&gt;" in open_prompt  # text, not markup


def test_anki_edited_question_keeps_its_guid(tmp_path, question_items, questions):
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export_set(question_items, first, lang="en")
    edited = [dataclasses.replace(q, prompt_en="Edited: " + q.prompt_en) if q.id == "mine.single" else q
              for q in questions]
    export_set(ExportItems(banks=question_items.banks, questions=[("mine", q) for q in edited]), second, lang="en")
    before, after = _notes(first), _notes(second)
    guid = genanki.guid_for("mine.single")
    assert set(before) == set(after)
    assert before[guid][1][1] != after[guid][1][1] and after[guid][1][1].startswith("Edited:")


def test_anki_tags_never_hold_spaces(question_items, questions):
    from quizapp.export.anki import tag

    assert tag("two words\tand more") == "two_words_and_more"


def test_json_questions_are_question_to_dict(tmp_path, question_items, questions):
    target = tmp_path / "set.json"
    export_set(question_items, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["questions"] == [json.loads(json.dumps(q.to_dict())) for q in questions]
    assert data["banks"] == [{"id": "mine", "title": {"zh": "我的题库", "en": "My bank"},
                              "questions": [q.id for q in questions]}]
