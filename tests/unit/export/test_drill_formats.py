"""Each format read back as its target tool would: drills (generated problems) only."""

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pytest

from solver.fmt import format_value
from solver.generate import problem_from_code
from quizapp.export import export_set
from quizapp.export.anki import DECK_ID, QUESTION_MODEL_ID, TYPE_IN_MODEL_ID
from quizapp.export.selection import ExportItems, Selection, collect, drill_codes
from quizapp.export.text import is_scalar, target_step

from .gift_reader import read_gift


def test_same_command_same_drills_and_seed_changes_them():
    first = drill_codes("mlp", 2, 5, 42)
    assert first == drill_codes("mlp", 2, 5, 42)
    assert first != drill_codes("mlp", 2, 5, 43)
    assert len(set(first)) == 5
    assert all(code.startswith("mlp:2-3-1:sigmoid:half_sse:d2:g2#") for code in first)  # new draws: g2
    assert drill_codes("mlp:2-2-1:relu:mse", 3, 1, 0)[0].startswith("mlp:2-2-1:relu:mse:d3:g2#")


@pytest.mark.parametrize("family", ["chain2", "mlp", "softmax-ce", "residual", "gd", "activation-derivative"])
def test_drills_equal_the_problems_their_codes_give(family):
    items = collect(Selection(families=(family,), difficulty=2, count=3, seed=5))
    assert len(items.drills) == 3
    for problem in items.drills:
        assert problem.to_dict() == problem_from_code(problem.code).to_dict()


def test_json_is_schema_versioned_and_holds_every_drill(tmp_path, drill_items):
    target = tmp_path / "set.json"
    export_set(drill_items, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "quizapp" and data["version"] == 1 and data["answers"] is True
    assert data["questions"] == [] and data["banks"] == []
    assert [d["code"] for d in data["drills"]] == [p.code for p in drill_items.drills]
    assert data["drills"][0] == json.loads(json.dumps(drill_items.drills[0].to_dict()))
    again = tmp_path / "again.json"
    export_set(drill_items, again)
    assert again.read_bytes() == target.read_bytes()


def test_json_without_answers_has_no_values(tmp_path, drill_items):
    target = tmp_path / "set.json"
    export_set(drill_items, target, answers=False)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["answers"] is False
    for record, problem in zip(data["drills"], drill_items.drills):
        assert [s["id"] for s in record["steps"]] == list(problem.answers)
        assert all(set(step) == {"id", "phase", "label"} for step in record["steps"])


def test_markdown_answer_key_has_every_step_of_every_drill(tmp_path, drill_items):
    target = tmp_path / "sheet.md"
    written = export_set(drill_items, target)
    assert written == [target, tmp_path / "sheet-answers.md"]
    sheet = target.read_text(encoding="utf-8")
    key = written[1].read_text(encoding="utf-8")
    for problem in drill_items.drills:
        assert problem.code in sheet and problem.code in key
        section = key.split(f"`{problem.code}`", 1)[1].split("\n## ", 1)[0]
        for step in problem.steps():
            row = next(line for line in section.splitlines() if line.startswith(f"| `{step.id}`"))
            assert format_value(step.value) in row
            assert step.formula.replace("|", "\\|") in row and step.substituted.replace("|", "\\|") in row
    assert "undefined" in key  # the ReLU kink drill
    # the worksheet has blanks, not values
    assert "σ'(" not in sheet


def test_markdown_without_answers_writes_only_the_worksheet(tmp_path, drill_items):
    written = export_set(drill_items, tmp_path / "sheet.md", answers=False)
    assert written == [tmp_path / "sheet.md"]
    assert not (tmp_path / "sheet-answers.md").exists()


def test_markdown_language_choice(tmp_path, drill_items):
    export_set(drill_items, tmp_path / "en.md", lang="en")
    export_set(drill_items, tmp_path / "zh.md", lang="zh")
    english = (tmp_path / "en-answers.md").read_text(encoding="utf-8")
    chinese = (tmp_path / "zh-answers.md").read_text(encoding="utf-8")
    assert "Answer key" in english and "答案" not in english and "layer 1 weighted sum" in english
    assert "答案" in chinese and "Answer key" not in chinese and "第1层的加权和" in chinese


def test_csv_has_a_givens_row_per_drill_and_a_row_per_asked_step(tmp_path, drill_items):
    target = tmp_path / "set.csv"
    export_set(drill_items, target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == sum(1 + len(p.answers) for p in drill_items.drills)
    givens = {r["code"]: r for r in rows if r["kind"] == "drill"}
    by_key = {(r["code"], r["step"]): r for r in rows if r["kind"] == "drill-step"}
    for problem in drill_items.drills:
        assert (givens[problem.code]["prompt_zh"], givens[problem.code]["prompt_en"]) == \
            (problem.prompt_zh, problem.prompt_en)
        for step_id in problem.answers:
            row = by_key[(problem.code, step_id)]
            assert row["kind"] == "drill-step"
            value = problem.value(step_id)
            if value is None:
                assert row["step_value"] == "undefined"
            elif isinstance(value, str):
                assert row["step_value"] == value
            else:
                assert np.allclose(json.loads(row["step_value"]), value, rtol=0, atol=0)


def _gift_questions(tmp_path, items, **options):
    target = tmp_path / "set.gift"
    export_set(items, target, **options)
    return read_gift(target.read_text(encoding="utf-8"))


def test_gift_numeric_steps_carry_value_and_tolerance(tmp_path, drill_items):
    questions = {q.name: q for q in _gift_questions(tmp_path, drill_items)}
    assert len(questions) == sum(1 + len(p.answers) for p in drill_items.drills)
    for problem in drill_items.drills:
        description = questions[problem.code]
        assert description.kind == "description" and problem.prompt_en.split(".")[0] in description.text
        for step_id in problem.answers:
            question = questions[f"{problem.code} {step_id}"]
            value = problem.value(step_id)
            if is_scalar(value):
                assert question.kind == "numerical"
                assert question.value == pytest.approx(float(value), rel=1e-12, abs=1e-15)
                assert question.tolerance is not None and question.tolerance > 0
                assert question.tolerance == pytest.approx(max(abs(float(value)) * 1e-3, 1e-6))
            elif value is None:
                assert question.kind == "shortanswer" and (100.0, "undefined") in question.answers
            else:
                assert question.kind == "essay" and format_value(value) in question.feedback
            assert question.text.startswith(f"{step_id}: ")
            assert problem.prompt_en.split(".")[0] not in question.text  # stated once, above


def test_gift_escapes_what_moodle_treats_as_syntax(tmp_path, drill_items):
    from quizapp.export.gift import escape

    from .gift_reader import parse_question

    nasty = "a~b=c#d{e}f:g\\h\nsecond line ::x:: {#1:2}"
    parsed = parse_question(f"::{escape(nasty)}::[moodle]{escape(nasty)}{{#1.5:0.25####{escape(nasty)}}}")
    assert (parsed.name, parsed.text, parsed.feedback) == (nasty, nasty, nasty)
    assert (parsed.value, parsed.tolerance) == (1.5, 0.25)
    exported = _gift_questions(tmp_path, drill_items, lang="en")
    # codes contain ':' and '#', formulas '=': all come back intact
    assert f"{drill_items.drills[0].code} z1" in {q.name for q in exported}
    assert any(" = " in q.feedback for q in exported)


def test_moodle_xml_parses_and_every_numeric_has_a_tolerance(tmp_path, drill_items):
    target = tmp_path / "set.xml"
    export_set(drill_items, target)
    root = ET.parse(target).getroot()
    assert root.tag == "quiz"
    questions = {q.find("name/text").text: q for q in root.findall("question") if q.get("type") != "category"}
    assert len(questions) == sum(len(p.answers) for p in drill_items.drills)
    numeric = 0
    for problem in drill_items.drills:
        for step_id in problem.answers:
            element = questions[f"{problem.code} {step_id}"]
            value = problem.value(step_id)
            if is_scalar(value):
                numeric += 1
                assert element.get("type") == "numerical"
                answer = element.find("answer")
                assert answer.get("fraction") == "100"
                assert float(answer.find("text").text) == pytest.approx(float(value), rel=1e-12, abs=1e-15)
                assert float(answer.find("tolerance").text) > 0
            elif value is None:
                assert element.get("type") == "shortanswer"
            else:
                assert element.get("type") == "essay"
                assert element.find("graderinfo/text").text
    assert numeric > 10


def _anki_notes(path):
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        database = path.parent / (path.name + ".anki2")
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        notes = connection.execute("SELECT guid, mid, flds, tags FROM notes").fetchall()
        models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
        cards = connection.execute("SELECT did FROM cards").fetchall()
    finally:
        connection.close()
    return notes, models, decks, cards


def test_anki_deck_notes_guids_fields_and_tags(tmp_path, drill_items):
    import genanki

    target = tmp_path / "set.apkg"
    export_set(drill_items, target)
    notes, models, decks, cards = _anki_notes(target)
    assert str(DECK_ID) in decks and {did for (did,) in cards} == {DECK_ID}
    assert str(TYPE_IN_MODEL_ID) in models and str(QUESTION_MODEL_ID) not in {str(mid) for _, mid, _, _ in notes}
    type_in = models[str(TYPE_IN_MODEL_ID)]
    assert "{{type:Answer}}" in type_in["tmpls"][0]["qfmt"]
    by_guid = {guid: (mid, flds.split("\x1f"), tags.split()) for guid, mid, flds, tags in notes}
    assert len(by_guid) == len(drill_items.drills)
    for problem in drill_items.drills:
        mid, fields, tags = by_guid[genanki.guid_for(problem.code)]
        assert mid == TYPE_IN_MODEL_ID
        assert fields[0] == problem.code
        assert fields[2] == format_value(problem.value(target_step(problem)))
        for step in problem.steps():  # the worked solution on the back
            assert format_value(step.value) in fields[3]
        assert "drill" in tags and problem.family in tags
        assert all(" " not in t for t in tags)


def test_anki_reexport_keeps_guids(tmp_path, drill_items):
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export_set(drill_items, first)
    export_set(ExportItems(drills=list(reversed(drill_items.drills))), second, lang="en")
    guids_first = {guid for guid, *_ in _anki_notes(first)[0]}
    guids_second = {guid for guid, *_ in _anki_notes(second)[0]}
    assert guids_first == guids_second


def test_unknown_extension_needs_a_format(tmp_path, drill_items):
    from quizapp.errors import UserError

    with pytest.raises(UserError, match="--format"):
        export_set(drill_items, tmp_path / "set.txt")
    export_set(drill_items, tmp_path / "set.txt", "json")
    assert json.loads((tmp_path / "set.txt").read_text(encoding="utf-8"))["format"] == "quizapp"


@pytest.mark.parametrize("name", ["set.json", "set.md", "set.csv", "set.apkg", "set.gift", "set.xml"])
def test_progress_reaches_the_end_for_every_format(tmp_path, drill_items, name):
    seen = []
    export_set(drill_items, tmp_path / name, progress=lambda done, total: seen.append((done, total)))
    total = len(drill_items.drills)
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert all(done <= total for done, _ in seen)


def test_export_seeds_are_short_distinct_and_reproducible():
    from quizapp.export.selection import SEED_RANGE, drill_seeds

    seeds = drill_seeds("mlp:2-3-1:sigmoid:half_sse", 2, 5000, seed=1)
    assert seeds == drill_seeds("mlp:2-3-1:sigmoid:half_sse", 2, 5000, seed=1)
    assert len(set(seeds)) == len(seeds)  # 5,000 draws below a million collide about a dozen times
    assert all(0 <= s < SEED_RANGE for s in seeds)
    assert seeds[:10] != drill_seeds("mlp:2-3-1:sigmoid:half_sse", 3, 10, seed=1)


@pytest.mark.parametrize("suffix", [".md", ".gift", ".xml"])
def test_worked_solutions_show_the_derivative_line_and_four_figures(tmp_path, suffix):
    from solver.fmt import equation

    problem = problem_from_code("neuron:3:sigmoid:bce:d2#8")
    items = ExportItems()
    items.drills.append(problem)
    written = export_set(items, tmp_path / f"set{suffix}", lang="en")
    text = "\n".join(path.read_text(encoding="utf-8") for path in written)
    (derivative,), (shortcut,) = problem.working()["dL/dz"]
    if suffix == ".md":  # a row of its own in the solution table
        assert f"| | {derivative[0]} | {derivative[1]} | {derivative[2]} |" in text
    else:
        import html

        text = html.unescape(html.unescape(text)).replace("\\=", "=")  # XML around escaped HTML
        assert equation(*derivative) in text and equation(*shortcut) in text
    assert format_value(problem.value("L")) in text and len(format_value(problem.value("L"))) >= 5


def test_single_function_exports_have_no_phase_headings():
    from quizapp.export.text import solution_rows

    rows = list(solution_rows(problem_from_code("activation-derivative:sigmoid:d2#1"), "en"))
    assert not [row for row in rows if row[0] == "phase"]
    assert [row for row in rows if row[0] == "work"][0][1] == "σ'(z0) = f(z0)·(1 - f(z0))"
    assert [row for row in solution_rows(problem_from_code("chain2:sigmoid:d1#7"), "en") if row[0] == "phase"]
