"""Write export files all-or-nothing: temporary files next to the targets, fsync, then rename.

A reader (or a crash) never sees half a file: a target either keeps its old content or gets
the new one whole. A temporary file lives in its target's folder so that `os.replace` is a
rename within one file system, which POSIX and Windows both make atomic.

An export of several files (Markdown's worksheet and answer key) writes every temporary file
first and renames only when all are whole; if a rename fails, the files already replaced get
their old content back. So a full disk leaves all the old files, never half an export.

Temporary files are named `.<target>.quizapp-tmp-<pid>-<random>`: recognisable, and owned by a
process. One left behind by a process that no longer runs (kill -9) is removed by the next
export to the same target; SIGTERM during an export removes them before the process ends.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from quizapp.errors import UserError

TEMP_MARK = ".quizapp-tmp-"
NAME_MAX = 255  # bytes in one file name, on every file system we write to


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
    if error.errno == errno.ENAMETOOLONG:
        return _too_long(path)
    reason = error.strerror or str(error)
    return f"cannot write {path}: {reason}"


def _too_long(path: Path) -> str:
    size = len(os.fsencode(path.name))
    return (f"cannot write {str(path)[:60]}…: the file name is {size} bytes long, longer than the "
            f"{NAME_MAX} a file system allows; choose a shorter name")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temp_prefix(path: Path) -> str:
    # Cut so that prefix, pid and mkstemp's random part fit in NAME_MAX whatever the target's length.
    name = os.fsencode(path.name)[:100].decode("utf-8", "ignore")
    return f".{name}{TEMP_MARK}"


def check_target(path: Path, force: bool) -> None:
    """Refuse a target we must not touch, before any work is done."""
    path = Path(path)
    if len(os.fsencode(path.name)) > NAME_MAX:
        raise UserError(_too_long(path))
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise UserError(_describe(error, path)) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):  # a link, even one pointing nowhere, is something there
            if not force:
                raise UserError(f"{path} already exists (a symbolic link); use --force to replace it")
        elif stat.S_ISDIR(info.st_mode):
            raise UserError(f"cannot write {path}: it is a folder")
        elif not stat.S_ISREG(info.st_mode):
            raise UserError(f"cannot write {path}: it is not a regular file (a pipe, device or socket); "
                            "quizapp does not replace those, even with --force")
        elif not force:
            raise UserError(f"{path} already exists; use --force to replace it")
    if not path.parent.is_dir():
        what = "is not a folder" if path.parent.exists() else "does not exist"
        raise UserError(f"cannot write {path}: {path.parent} {what}")


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files of earlier exports to `path` whose process is gone."""
    removed = []
    prefix = _temp_prefix(path)
    try:
        names = [name for name in os.listdir(path.parent) if name.startswith(prefix)]
    except OSError:
        return removed
    for name in names:
        pid_text = name[len(prefix):].split("-", 1)[0]
        if not pid_text.isdigit() or running(int(pid_text)):
            continue
        candidate = path.parent / name
        try:
            if stat.S_ISREG(os.lstat(candidate).st_mode):
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            pass
    return removed


def running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours to signal
        return True
    return True


class Terminated(SystemExit):
    """SIGTERM arrived during an export: unwinds (removing temporary files), then exits 143."""


@contextmanager
def _cleanup_on_sigterm() -> Iterator[None]:
    # Signal handlers can only be set from the main thread (the app's export runs in a worker:
    # the app's own exit path unwinds it).
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise Terminated(128 + signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _new_temp(path: Path) -> Path:
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f"{_temp_prefix(path)}{os.getpid()}-", dir=path.parent)
        os.close(handle)
        os.chmod(temp_name, 0o666 & ~_umask())  # mkstemp makes 0600; a plain new file would not be
    except OSError as error:
        raise UserError(_describe(error, path)) from None
    return Path(temp_name)


def _fsync(temp: Path) -> None:
    with open(temp, "rb+") as written:
        os.fsync(written.fileno())


def write_all(fills: list[tuple[Path, Callable[[Path], None]]], force: bool = False) -> list[Path]:
    """Write several files all-or-nothing: `fill(temp)` writes each; returns the targets.

    Every temporary file is written and synced before any target is touched; then each target
    is replaced. If a replacement fails, the targets already replaced get their old content back.
    """
    def fill_each(temps: list[Path]) -> None:
        for temp, (_, fill) in zip(temps, fills):
            fill(temp)

    return write_together([target for target, _ in fills], fill_each, force)


def write_together(targets: list[Path], fill: Callable[[list[Path]], None], force: bool = False) -> list[Path]:
    """`write_all` for files written in one pass: `fill(temps)` writes all the temporary files
    (Markdown's worksheet and answer key, a drill at a time into both)."""
    targets = [Path(target) for target in targets]
    for target in targets:
        check_target(target, force)
    temps: list[Path] = []
    backups: list[tuple[Path, Path | None]] = []  # (target, its old content's hard link or None)
    done = False
    current = targets[0]  # the file being written or replaced, named if that fails
    with _cleanup_on_sigterm():
        try:
            for target in targets:
                remove_stale_temps(target)
            for target in targets:
                current = target
                temps.append(_new_temp(target))
            current = targets[0]
            fill(temps)
            for target, temp in zip(targets, temps):
                current = target
                _fsync(temp)
            for target, temp in zip(targets, temps):
                current = target
                if os.path.lexists(target) and not force:  # appeared while we were writing
                    raise UserError(f"{target} already exists; use --force to replace it")
                backup = None
                if os.path.lexists(target):
                    backup = _new_temp(target)
                    if not _link(target, backup):
                        os.replace(target, backup)
                backups.append((target, backup))
                os.replace(temp, target)
            done = True
        except OSError as error:
            raise UserError(_describe(error, current)) from None
        finally:
            if not done:
                _roll_back(backups)
            for temp in temps:
                _remove(temp)
            for _, backup in backups:
                if backup is not None:
                    _remove(backup)
    return targets


def _link(target: Path, backup: Path) -> bool:
    """Keep the old content under the backup name (a hard link: no copy, no space); False if not possible."""
    try:
        backup.unlink()
        os.link(target, backup, follow_symlinks=False)
        return True
    except OSError:
        return False


def _roll_back(backups: list[tuple[Path, Path | None]]) -> None:
    for target, backup in reversed(backups):
        try:
            if backup is not None and os.path.lexists(backup):
                os.replace(backup, target)
            elif backup is None:
                target.unlink(missing_ok=True)  # it was not there before this export
        except OSError:
            pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:  # gone already, or the folder refuses: nothing more we can do
        pass


@contextmanager
def atomic_path(path: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path to fill; on success it replaces `path`, on any failure it is removed.

    For writers that insist on writing to a path themselves. OSErrors become UserErrors.
    """
    path = Path(path)
    check_target(path, force)
    with _cleanup_on_sigterm():
        remove_stale_temps(path)
        temp = _new_temp(path)
        try:
            yield temp
            _fsync(temp)
            if os.path.lexists(path) and not force:  # appeared while we were writing
                raise UserError(f"{path} already exists; use --force to replace it")
            os.replace(temp, path)
        except OSError as error:
            raise UserError(_describe(error, path)) from None
        finally:
            _remove(temp)


def write_bytes(path: Path, data: bytes, force: bool = False) -> Path:
    """Write `data` to `path` atomically; a UserError (never a partial file) when it cannot."""
    return write_all([(Path(path), bytes_filler(data))], force)[0]


def write_with(path: Path, fill: Callable[[Path], None], force: bool = False) -> Path:
    """Let `fill(temp_path)` write the file, then put it in place atomically."""
    return write_all([(Path(path), fill)], force)[0]


def bytes_filler(data: bytes) -> Callable[[Path], None]:
    def fill(temp: Path) -> None:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    return fill
