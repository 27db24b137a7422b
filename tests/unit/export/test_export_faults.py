"""Exports under faults and odd targets: a disk that fills mid-export, kill -9 and SIGTERM, Anki's
temporary database, special files and links, `-o -`, names longer than a file system allows."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.errors import UserError
from quizapp.export import atomic, export_set

CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from quizapp.export import atomic

    def fill(temp):
        temp.write_bytes(b"half")
        print("filling", flush=True)
        time.sleep(60)

    atomic.write_with(Path(sys.argv[1]), fill, force=True)
""")


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if atomic.TEMP_MARK in p.name)


def _old_pair(tmp_path: Path) -> tuple[Path, Path]:
    sheet, key = tmp_path / "sheet.md", tmp_path / "sheet-answers.md"
    sheet.write_text("old worksheet")
    key.write_text("old answer key")
    return sheet, key


def test_a_disk_that_fills_during_the_answer_key_keeps_both_old_files(tmp_path, monkeypatch, drill_items):
    sheet, key = _old_pair(tmp_path)
    real_fsync = os.fsync
    calls = []

    def fill_up(fd):
        calls.append(fd)
        if len(calls) > 1:  # the new worksheet is synced whole, the answer key (same pass) is not
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fill_up)
    with pytest.raises(UserError, match="disk is full"):
        export_set(drill_items, sheet, force=True)
    assert (sheet.read_text(), key.read_text()) == ("old worksheet", "old answer key")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet-answers.md", "sheet.md"]


def test_a_failed_rename_puts_the_file_already_replaced_back(tmp_path, monkeypatch, drill_items):
    sheet, key = _old_pair(tmp_path)
    real_replace = os.replace

    def refuse_the_key(source, target):
        if Path(target) == key:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", refuse_the_key)
    with pytest.raises(UserError, match="sheet-answers.md"):
        export_set(drill_items, sheet, force=True)
    assert (sheet.read_text(), key.read_text()) == ("old worksheet", "old answer key")
    assert _temps(tmp_path) == []


def _child_export(target: Path) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(target)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "filling\n", child.stderr.read()
    return child


def test_sigterm_during_an_export_removes_its_temporary_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    child = _child_export(target)
    assert len(_temps(tmp_path)) == 1
    child.send_signal(signal.SIGTERM)
    child.communicate(timeout=30)
    assert child.returncode == 128 + signal.SIGTERM
    assert _temps(tmp_path) == [] and target.read_text() == "old"


def test_the_next_export_removes_what_a_killed_one_left(tmp_path):
    target = tmp_path / "out.json"
    child = _child_export(target)
    child.kill()
    child.communicate(timeout=30)
    left = _temps(tmp_path)
    assert len(left) == 1 and left[0].startswith(".out.json.quizapp-tmp-")
    live = tmp_path / f".out.json{atomic.TEMP_MARK}{os.getppid()}-abc"  # another running export's
    live.write_text("busy")
    other = tmp_path / f".other.json{atomic.TEMP_MARK}999999999-abc"  # another target's
    other.write_text("not ours")
    atomic.write_bytes(target, b"{}")
    assert _temps(tmp_path) == sorted([live.name, other.name])
    assert target.read_bytes() == b"{}"


def test_an_anki_export_leaves_nothing_in_the_temp_folder(tmp_path, monkeypatch, drill_items):
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    stale = scratch / "quizapp-anki-999999999-old"  # from an export that was killed
    stale.mkdir()
    (stale / "collection.anki2").write_bytes(b"x" * 100)
    export_set(drill_items, tmp_path / "deck.apkg")
    assert list(scratch.iterdir()) == []
    import zipfile

    with zipfile.ZipFile(tmp_path / "deck.apkg") as deck:
        assert sorted(deck.namelist()) == ["collection.anki2", "media"]


def test_special_files_are_refused_even_with_force(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for special in (fifo, Path("/dev/null")):
        with pytest.raises(UserError, match="not a regular file"):
            atomic.check_target(special, force=True)
    assert fifo.is_fifo()


def test_a_dangling_link_counts_as_existing(tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "nowhere.json")
    with pytest.raises(UserError, match="already exists"):
        atomic.write_bytes(link, b"{}")
    assert link.is_symlink()
    atomic.write_bytes(link, b"{}", force=True)  # the link is replaced, not followed
    assert not link.is_symlink() and link.read_bytes() == b"{}"
    assert not (tmp_path / "nowhere.json").exists()


@pytest.mark.parametrize("name", ["a" * 256 + ".json", "ü" * 130 + ".md"])
def test_a_name_longer_than_a_file_system_allows_is_a_clear_message(tmp_path, home, name):
    result = CliRunner().invoke(main, ["export", "-o", str(tmp_path / name), "--family", "chain2", "--count", "1"])
    assert result.exit_code == 2, result.output
    assert "file name is" in result.stderr and "bytes long" in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, check", [
    ([], lambda out: json.loads(out)),
    (["--format", "csv"], lambda out: out.decode().startswith("kind,") or b"," in out),
    (["--format", "markdown", "--no-answers"], lambda out: out.startswith("# ".encode())),
    (["--format", "anki"], lambda out: out.startswith(b"PK")),
])
def test_dash_writes_to_standard_output(tmp_path, home, monkeypatch, args, check):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "-o", "-", "--family", "chain2", "--count", "1", *args])
    assert result.exit_code == 0, result.output
    assert check(result.stdout_bytes)
    assert "standard output" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no file named '-'


def test_dash_refuses_what_standard_output_cannot_take(tmp_path, home, monkeypatch):
    from quizapp.commands import export as export_command

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "-o", "-", "--format", "markdown", "--family", "chain2"])
    assert result.exit_code == 2 and "--no-answers" in result.stderr
    terminal = types.SimpleNamespace(stdout=types.SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(export_command, "sys", terminal)
    result = CliRunner().invoke(main, ["export", "-o", "-", "--format", "anki", "--family", "chain2"])
    assert result.exit_code == 2 and "binary" in result.stderr
    assert list(tmp_path.iterdir()) == []
