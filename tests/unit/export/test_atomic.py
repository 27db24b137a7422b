import errno
import os

import pytest

from quizapp.errors import UserError
from quizapp.export import atomic


def test_writes_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.json"
    atomic.write_bytes(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_new_file_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "out.json"
    atomic.write_bytes(target, b"x")
    assert target.stat().st_mode & 0o044  # readable by others unless the umask forbids it
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_existing_file_refused_without_force(tmp_path):
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    with pytest.raises(UserError, match="already exists; use --force"):
        atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    atomic.write_bytes(target, b"new", force=True)
    assert target.read_bytes() == b"new"


def test_missing_folder_is_a_clear_message(tmp_path):
    with pytest.raises(UserError, match="nope does not exist"):
        atomic.write_bytes(tmp_path / "nope" / "out.json", b"x")


# Tests may run as root, which ignores folder permissions: simulate what the OS reports. /proc
# answers "no such file" when asked for a new file in it, though the folder exists.
@pytest.mark.parametrize("error, message", [
    (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), "files cannot be created in"),
])
def test_a_folder_that_refuses_new_files_is_a_clear_message(tmp_path, monkeypatch, error, message):
    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(UserError, match=message) as caught:
        atomic.write_bytes(tmp_path / "out.json", b"x")
    said = caught.value.format_message()
    assert str(tmp_path / "out.json") in said and "does not exist" not in said
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("existing", [False, True])
def test_full_disk_leaves_no_partial_file(tmp_path, monkeypatch, existing):
    target = tmp_path / "out.json"
    if existing:
        target.write_bytes(b"old content")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(UserError, match="disk is full"):
        atomic.write_bytes(target, b"x" * 100_000, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == (["out.json"] if existing else [])
    if existing:
        assert target.read_bytes() == b"old content"


def test_full_disk_during_write_with_a_writer_function(tmp_path):
    target = tmp_path / "deck.apkg"

    def fill(temp):
        temp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(UserError, match="disk is full"):
        atomic.write_with(target, fill)
    assert list(tmp_path.iterdir()) == []


def test_folder_as_target_refused(tmp_path):
    with pytest.raises(UserError, match="it is a folder"):
        atomic.write_bytes(tmp_path, b"x", force=True)


def test_markdown_pair_is_all_or_nothing(tmp_path, monkeypatch, drill_items):
    from quizapp.export import export_set

    real_fsync = os.fsync
    calls = []

    def fail_on_the_answer_key(fd):
        calls.append(fd)
        if len(calls) > 1:  # the worksheet is synced, the answer key (written in the same pass) is not
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fail_on_the_answer_key)
    with pytest.raises(UserError, match="disk is full"):
        export_set(drill_items, tmp_path / "sheet.md")
    assert list(tmp_path.iterdir()) == []


def test_anki_full_disk_leaves_nothing(tmp_path, monkeypatch, drill_items):
    import genanki

    from quizapp.export import export_set

    def write_half(self, cursor, timestamp, id_gen):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(genanki.Package, "write_to_db", write_half)
    with pytest.raises(UserError, match="disk is full"):
        export_set(drill_items, tmp_path / "deck.apkg")
    assert list(tmp_path.iterdir()) == []
