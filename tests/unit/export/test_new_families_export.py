"""The issue-15 drill families in every export format, and as review skill cards."""

from __future__ import annotations

from quizapp.export import FORMATS, export_set
from quizapp.export.selection import Selection, collect
from quizapp.progress.scheduling import drill_card_ids

NEW_FAMILIES = ("optimizer", "gradcheck", "gates")


def test_every_format_writes_the_families_and_review_has_their_cards(tmp_path):
    # one set with every family, so each format is written once
    items = collect(Selection(families=NEW_FAMILIES, difficulty=1, count=1, seed=3))  # one drill a family
    assert sorted(problem.family for problem in items.drills) == sorted(NEW_FAMILIES)
    for name, format_ in FORMATS.items():
        written = export_set(items, tmp_path / f"set{format_.extension}", name, lang="both")
        assert written and all(path.stat().st_size > 0 for path in written), name
    text = (tmp_path / "set.json").read_text(encoding="utf-8")
    assert all(problem.code in text for problem in items.drills)
    assert {f"drill:{family}:d{d}" for family in NEW_FAMILIES for d in (1, 2, 3)} <= set(drill_card_ids())
