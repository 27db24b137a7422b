"""The Export screen: the choices of `quizapp export`, run in a worker, with clear messages."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from rich.text import Text
from textual.widgets import Input, ProgressBar, Select, SelectionList, Static
from textual.widgets._footer import FooterKey

from quizapp.screens.export import ConfirmReplace, ExportScreen
from quizapp.settings import Settings
from quizapp.widgets.footer import KeyFooter
from solver.generate import problem_from_code
from tests.functional.conftest import USER_BANK, painted, settle

# The tests' own bank (conftest): its question ids, in file order.
TESTBANK_IDS = [q["id"] for q in tomllib.loads(USER_BANK)["questions"]]


def _status(screen: ExportScreen) -> str:
    content = screen.query_one("#export-status", Static).content
    return content.plain if isinstance(content, Text) else str(content)


def _heading(screen: ExportScreen) -> str:
    return str(screen.query_one("#export-banks-heading").render())


async def _open(pilot, format_name: str = "json") -> ExportScreen:
    await settle(pilot)
    pilot.app.open_export(format_name)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


def _only_bank(screen: ExportScreen, bank_id: str) -> None:
    banks = screen.query_one("#export-banks", SelectionList)
    banks.deselect_all()
    banks.select(bank_id)


def _footer_keys(screen) -> list[tuple[str, str, bool]]:
    return [(key.key, key.description, key.has_class("-disabled"))
            for key in screen.query_one(KeyFooter).query_children(FooterKey)]


async def _footer_follows_the_focus(pilot, screen: ExportScreen) -> None:
    """A Tab redraws only the footer keys that change (the app's q, hidden while a box takes
    letters), and the footer then shows what a footer composed afresh shows."""
    footer = screen.query_one(KeyFooter)
    with_q = _footer_keys(screen)
    assert "q" in [key for key, _, _ in with_q]  # the format list has the focus: q quits
    escape = next(key for key in footer.query_children(FooterKey) if key.key == "escape")
    await pilot.press("tab")
    await painted(pilot)
    assert screen.focused is screen.query_one("#export-path", Input)
    assert _footer_keys(screen) == [entry for entry in with_q if entry[0] != "q"]
    assert escape in footer.query_children(FooterKey)  # kept, not mounted again
    await pilot.press("shift+tab")
    await painted(pilot)
    assert _footer_keys(screen) == with_q
    footer.refresh(recompose=True)
    await painted(pilot)
    assert escape not in footer.query_children(FooterKey) and _footer_keys(screen) == with_q


async def _run(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_json_export_of_a_bank_and_drills(app_factory, tmp_path, monkeypatch):
    recomposed: list[KeyFooter] = []
    recompose = KeyFooter.recompose

    def counted(footer):
        recomposed.append(footer)
        return recompose(footer)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    app = app_factory(user_bank=True)
    target = tmp_path / "out" / "set.json"
    target.parent.mkdir()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await _footer_follows_the_focus(pilot, screen)
        # Composed with its keys at once, then only mended: never composed again, until asked to.
        assert recomposed == [screen.query_one(KeyFooter)]
        banks = len(app.services.banks.banks)
        assert _heading(screen) == f"Banks (all {banks} chosen)"  # not "none chosen" while all are ticked
        assert screen.query_one("#export-path", Input).value == str(Path.cwd() / "quizapp-export.json")
        _only_bank(screen, "testbank")
        await pilot.pause()
        assert _heading(screen) == f"Banks (1 of {banks} chosen)"
        screen.query_one("#export-path", Input).value = str(target)
        screen.query_one("#export-family", Select).value = "chain2"
        screen.query_one("#export-count", Input).value = "3"
        screen.query_one("#export-seed", Input).value = "5"
        await _run(pilot)
        assert f"Wrote {len(TESTBANK_IDS)} questions and 3 drills to {target}" in _status(screen)
        assert screen.query_one("#export-progress", ProgressBar).percentage == 1.0
        await pilot.press("escape")
        # The next visit (and the next start: it is a setting) offers the file just written.
        screen = await _open(pilot, "csv")
        assert screen.query_one("#export-path", Input).value == str(target.with_suffix(".csv"))
        assert Settings.load().export_path == str(target)
        screen.query_one("#export-banks", SelectionList).deselect_all()
        await pilot.pause()
        assert _heading(screen) == "Banks (none chosen: no bank questions)"
        screen.query_one("#export-family", Select).value = "chain2"
        screen.query_one("#export-count", Input).value = "1"
        await _run(pilot)
        assert "Wrote 0 questions and 1 drill to" in _status(screen)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [q["id"] for q in document["questions"]] == TESTBANK_IDS
    # The drills `quizapp export --family chain2 --count 3 --seed 5` gives: the same set again.
    from quizapp.export.selection import drill_codes

    codes = drill_codes("chain2", 1, 3, 5)
    assert [d["code"] for d in document["drills"]] == codes
    assert document["drills"][0] == problem_from_code(codes[0]).to_dict()


async def test_existing_file_is_kept_until_replacing_is_confirmed(app_factory, tmp_path):
    app = app_factory(user_bank=True)
    target = tmp_path / "set.gift"
    target.write_text("old", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "gift")
        _only_bank(screen, "testbank")
        screen.query_one("#export-path", Input).value = str(target)
        await _run(pilot)
        assert isinstance(app.screen, ConfirmReplace)
        await pilot.press("escape")  # keep it
        await settle(pilot)
        assert app.screen is screen
        assert "Nothing written" in _status(screen) and str(target) in _status(screen)
        assert target.read_text(encoding="utf-8") == "old"

        await _run(pilot)
        assert isinstance(app.screen, ConfirmReplace)
        await pilot.click("#confirm-replace")
        await settle(pilot)
        assert app.screen is screen
        assert f"Wrote {len(TESTBANK_IDS)} questions and 0 drills" in _status(screen)
    written = target.read_text(encoding="utf-8")
    assert written.startswith("$CATEGORY: $course$/quizapp/testbank") and "::testbank.sigmoid-at-zero::" in written


async def test_unwritable_path_and_bad_choices_give_messages(app_factory, tmp_path, quizapp_home):
    app = app_factory(language="zh", user_bank=True)
    # A bank file's title is shown as written: "[/]" once stopped the screen with a MarkupError.
    (quizapp_home / "banks" / "markup.toml").write_text(
        USER_BANK.replace("testbank", "markup").replace("测试题库", "[/]题库"), encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "csv")
        banks = screen.query_one("#export-banks", SelectionList)
        assert any("[/]题库" in str(banks.get_option_at_index(i).prompt) for i in range(banks.option_count))
        assert screen.query_one("#export-path", Input).value.endswith(".csv")
        screen.query_one("#export-format", Select).value = "markdown"  # the extension follows
        await pilot.pause()
        assert screen.query_one("#export-path", Input).value.endswith(".md")

        screen.query_one("#export-banks", SelectionList).deselect_all()
        await _run(pilot)
        assert "请选择题库或演算题型" in _status(screen)

        _only_bank(screen, "testbank")
        missing = tmp_path / "no-such-folder" / "set.md"
        screen.query_one("#export-path", Input).value = str(missing)
        await _run(pilot)
        assert "没有导出" in _status(screen) and "does not exist" in _status(screen)
        assert not missing.parent.exists()

        screen.query_one("#export-types", Input).value = "essay"
        screen.query_one("#export-path", Input).value = str(tmp_path / "set.md")
        await _run(pilot)
        assert "unknown question type 'essay'" in _status(screen)
        assert not (tmp_path / "set.md").exists()


async def test_progress_bar_moves_through_a_large_set(app_factory, tmp_path, monkeypatch):
    seen: list[int] = []
    original = ExportScreen._progress

    def spy(self, percent: int) -> None:
        seen.append(percent)
        original(self, percent)

    monkeypatch.setattr(ExportScreen, "_progress", spy)
    app = app_factory()
    target = tmp_path / "drills.csv"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "csv")
        screen.query_one("#export-banks", SelectionList).deselect_all()  # drills only
        screen.query_one("#export-path", Input).value = str(target)
        screen.query_one("#export-family", Select).value = "chain2"
        screen.query_one("#export-count", Input).value = "600"
        await _run(pilot)
        assert "Wrote 0 questions and 600 drills" in _status(screen)
    # Drills are generated as they are written: one pass moves the bar from 0 to 100, in order.
    assert seen == sorted(seen) and len(set(seen)) >= 5
    assert any(0 < p < 50 for p in seen) and any(50 < p < 100 for p in seen) and seen[-1] == 100
    assert target.is_file()
