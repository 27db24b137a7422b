"""The small export sets whose files are pinned in `golden/` (made by the exporters as they were
before exports streamed: `python -m tests.unit.export.golden_sets` writes them again).

Anki decks carry timestamps and random ids, so their notes are pinned instead of their bytes.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

GOLDEN = Path(__file__).with_name("golden")
FORMATS = {"json": "set.json", "markdown": "set.md", "csv": "set.csv", "anki": "set.apkg", "gift": "set.gift",
           "moodle-xml": "set.xml"}
VARIANTS = {"both": {"lang": "both", "answers": True}, "en-no-answers": {"lang": "en", "answers": False}}
DRILLS = (("chain2", 1), ("mlp", 2), ("softmax-ce", 2), ("gd", 1), ("activation-derivative", 2))


def golden_items():
    from quizapp.export.selection import BankInfo, ExportItems, Selection, collect

    from .conftest import make_questions

    items = ExportItems()
    items.banks = [BankInfo("mine", "我的题库", "My bank")]
    items.questions = [("mine", q) for q in make_questions()]
    for family, difficulty in DRILLS:
        items.drills.extend(collect(Selection(families=(family,), difficulty=difficulty, count=2, seed=3)).drills)
    return items


def anki_notes(path: Path) -> list:
    """What a deck says, without its timestamps and generated ids."""
    with zipfile.ZipFile(path) as deck:
        data = deck.read("collection.anki2")
    scratch = path.with_suffix(".anki2")
    scratch.write_bytes(data)
    connection = sqlite3.connect(scratch)
    try:
        notes = [list(row) for row in connection.execute(
            "SELECT guid, mid, tags, flds, sfld, csum FROM notes ORDER BY id")]
        cards = connection.execute("SELECT count(*), count(DISTINCT did) FROM cards").fetchone()
        models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
    finally:
        connection.close()
        scratch.unlink()
    shapes = sorted((m["name"], [f["name"] for f in m["flds"]], [t["qfmt"] for t in m["tmpls"]])
                    for m in models.values())
    return [notes, list(cards), [list(s) for s in shapes]]


def write_golden(folder: Path = GOLDEN) -> None:
    from quizapp.export import export_set

    items = golden_items()
    for variant, options in VARIANTS.items():
        for format_name, name in FORMATS.items():
            target = folder / variant / name
            target.parent.mkdir(parents=True, exist_ok=True)
            export_set(items, target, format_name, force=True, **options)
            if format_name == "anki":
                notes = folder / variant / "set.apkg.json"
                notes.write_text(json.dumps(anki_notes(target), ensure_ascii=False, indent=1), encoding="utf-8")
                target.unlink()


if __name__ == "__main__":
    write_golden()
