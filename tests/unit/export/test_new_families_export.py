"""The issue-15 drill families in every export format, and as review skill cards."""

from __future__ import annotations

import pytest

from quizapp.export import FORMATS, export_set
from quizapp.export.selection import Selection, collect
from quizapp.progress.scheduling import drill_card_ids

NEW_FAMILIES = ("optimizer", "gradcheck", "gates")


@pytest.mark.parametrize("family", NEW_FAMILIES)
def test_every_format_writes_the_family_and_review_has_its_cards(tmp_path, family):
    items = collect(Selection(families=(family,), difficulty=1, count=2, seed=3))
    assert len(items.drills) == 2
    for name, format_ in FORMATS.items():
        written = export_set(items, tmp_path / f"set{format_.extension}", name, lang="both")
        assert written and all(path.stat().st_size > 0 for path in written), name
    text = (tmp_path / "set.json").read_text(encoding="utf-8")
    assert all(problem.code in text for problem in items.drills)
    assert {f"drill:{family}:d{d}" for d in (1, 2, 3)} <= set(drill_card_ids())
