"""Write export files all-or-nothing: a temporary file next to the target, fsync, then rename.

A reader (or a crash) never sees half a file: the target either keeps its old content or gets
the new one whole. The temporary file lives in the target's folder so that `os.replace` is a
rename within one file system, which POSIX and Windows both make atomic.
"""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from quizapp.errors import UserError


def _describe(error: OSError, path: Path) -> str:
    if error.errno == errno.ENOSPC:
        return f"the disk is full: could not write {path}; nothing was written, free some space and try again"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {path}: permission denied (choose a folder you can write to)"
    if error.errno == errno.ENOENT:
        if path.parent.is_dir():  # e.g. /proc: the folder is there, but takes no new files
            return f"cannot write {path}: files cannot be created in {path.parent}"
        return f"cannot write {path}: the folder {path.parent} does not exist"
    if error.errno == errno.EISDIR:
        return f"cannot write {path}: it is a folder"
    reason = error.strerror or str(error)
    return f"cannot write {path}: {reason}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_target(path: Path, force: bool) -> None:
    """Refuse a target we must not touch, before any work is done."""
    if path.is_dir():
        raise UserError(f"cannot write {path}: it is a folder")
    if path.exists() and not force:
        raise UserError(f"{path} already exists; use --force to replace it")
    if not path.parent.is_dir():
        what = "is not a folder" if path.parent.exists() else "does not exist"
        raise UserError(f"cannot write {path}: {path.parent} {what}")


@contextmanager
def atomic_path(path: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path to fill; on success it replaces `path`, on any failure it is removed.

    For writers that insist on writing to a path themselves (genanki). OSErrors become UserErrors.
    """
    path = Path(path)
    check_target(path, force)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
        os.chmod(temp_name, 0o666 & ~_umask())  # mkstemp makes 0600; a plain new file would not be
    except OSError as error:
        raise UserError(_describe(error, path)) from None
    temp = Path(temp_name)
    try:
        yield temp
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        if path.exists() and not force:  # appeared while we were writing
            raise UserError(f"{path} already exists; use --force to replace it")
        os.replace(temp, path)
    except OSError as error:
        raise UserError(_describe(error, path)) from None
    finally:
        if temp.exists():
            temp.unlink()


def write_bytes(path: Path, data: bytes, force: bool = False) -> Path:
    """Write `data` to `path` atomically; a UserError (never a partial file) when it cannot."""
    path = Path(path)
    with atomic_path(path, force) as temp:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    return path


def write_with(path: Path, fill: Callable[[Path], None], force: bool = False) -> Path:
    """Let `fill(temp_path)` write the file, then put it in place atomically."""
    path = Path(path)
    with atomic_path(path, force) as temp:
        fill(temp)
    return path
