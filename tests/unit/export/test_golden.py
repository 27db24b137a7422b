"""Streaming changed how exports are written, not what they say: each format's file equals the one
the exporters wrote before (golden/, see golden_sets.py), byte for byte; CSV and GIFT, whose layout
changed (a drill's givens once, not on every step), say the same once their drill rows are unfolded."""

from __future__ import annotations

import csv
import io
import json

import pytest

from quizapp.export import export_set

from .gift_reader import read_gift
from .golden_sets import FORMATS, GOLDEN, VARIANTS, anki_notes, golden_items


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden")
    items = golden_items()
    for variant, options in VARIANTS.items():
        (folder / variant).mkdir()
        for format_name, name in FORMATS.items():
            export_set(items, folder / variant / name, format_name, **options)
    return folder


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", ["set.json", "set.md", "set-answers.md", "set.xml"])
def test_unchanged_formats_are_byte_identical(exported, variant, name):
    if name == "set-answers.md" and not VARIANTS[variant]["answers"]:
        assert not (exported / variant / name).exists()
        return
    assert (exported / variant / name).read_bytes() == (GOLDEN / variant / name).read_bytes()


@pytest.mark.parametrize("variant", VARIANTS)
def test_anki_notes_are_unchanged(exported, variant):
    expected = json.loads((GOLDEN / variant / "set.apkg.json").read_text(encoding="utf-8"))
    assert anki_notes(exported / variant / "set.apkg") == expected


def _csv_rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def unfold_csv(rows: list[dict]) -> list[dict]:
    """The new layout in the old one: each step row gets its drill row's givens, drill rows go."""
    out, givens = [], {}
    for row in rows:
        if row["kind"] == "drill":
            givens = {"prompt_zh": row["prompt_zh"], "prompt_en": row["prompt_en"]}
            continue
        if row["kind"] == "drill-step":
            assert row["prompt_zh"] == row["prompt_en"] == ""  # stated once, on the drill row
            row = {**row, **givens}
        out.append(row)
    return out


@pytest.mark.parametrize("variant", VARIANTS)
def test_csv_says_the_same_with_givens_once_per_drill(exported, variant):
    new = _csv_rows(exported / variant / "set.csv")
    old = _csv_rows(GOLDEN / variant / "set.csv")
    assert sum(row["kind"] == "drill" for row in new) == len(golden_items().drills)
    assert unfold_csv(new) == old
    assert len((exported / variant / "set.csv").read_bytes()) < 0.5 * len((GOLDEN / variant / "set.csv").read_bytes())


def unfold_gift(questions):
    """The new layout in the old one: each step's text gets its drill's description in front."""
    out, givens = [], None
    for question in questions:
        if question.kind == "description":
            givens = question.text
            continue
        if " " in question.name and givens is not None and not question.name.startswith("mine."):
            question.text = f"{givens}\n\n{question.text}"
        out.append(question)
    return out


@pytest.mark.parametrize("variant", VARIANTS)
def test_gift_says_the_same_with_givens_once_per_drill(exported, variant):
    new = read_gift((exported / variant / "set.gift").read_text(encoding="utf-8"))
    old = read_gift((GOLDEN / variant / "set.gift").read_text(encoding="utf-8"))
    assert sum(q.kind == "description" for q in new) == len(golden_items().drills)
    assert unfold_gift(new) == old
    assert len((exported / variant / "set.gift").read_bytes()) < 0.6 * len((GOLDEN / variant / "set.gift").read_bytes())


def test_import_reads_the_csv_layouts_before_and_after_alike(exported):
    from quizapp.commands.importer import banks_from_csv

    old = banks_from_csv((GOLDEN / "both" / "set.csv").read_text(encoding="utf-8"))
    new = banks_from_csv((exported / "both" / "set.csv").read_text(encoding="utf-8"))
    assert [(b.id, b.questions) for b in new[0]] == [(b.id, b.questions) for b in old[0]]
    assert new[1] == old[1] == [p.code for p in golden_items().drills]
