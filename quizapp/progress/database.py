"""The SQLite file behind the progress store: connecting, preparing, and what to do when it fails.

`connect` gives a migrated connection in WAL mode with synchronous=FULL, or raises
`CorruptDatabase` (the caller moves the file aside with `move_aside` and starts afresh),
`NewerDatabase` (written by a later release: left exactly as it is) or `StoreError` with a
message that says what happened and what to do (`describe`).

The full integrity check (PRAGMA quick_check, 0.4 s at a million answers) runs only when the
file may have been damaged: `mark_clean` records the database's and its -wal's identity when a
store closes cleanly, and opening removes that record. A file that is still exactly as a clean
close left it is trusted; after a kill, a crash, another instance still writing, or any change
made by something else, the check runs as before.

Opening is serialised between processes by `opening_lock` (an OS lock on a file beside the
database), so that two instances finding the same corrupt file cannot both move it aside: the
second one would move the fresh database the first had just made, with its new answers.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from quizapp.progress.clock import as_utc
from quizapp.errors import UserError
from quizapp.progress.migrations import SCHEMA_VERSION, migrate

BUSY_TIMEOUT_SECONDS = 10.0

# SQLite primary result codes (sqlite3.Error.sqlite_errorcode & 0xff).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


class StoreError(UserError):
    """The progress database cannot be used (disk full, read-only, busy for too long...)."""


class NewerDatabase(StoreError):
    """The database was written by a later quizapp (its schema version is higher than ours).

    Not damage: it is never moved aside or changed, the user is told to run the newer release.
    """

    def __init__(self, path: Path, version: int) -> None:
        from quizapp import __version__

        self.path, self.version = path, version
        super().__init__(
            f"the progress database {path} has schema version {version}, written by a newer quizapp; "
            f"quizapp {__version__} reads schema versions up to {SCHEMA_VERSION}. Install a newer "
            f"quizapp to use it (the file was left untouched)")


class CorruptDatabase(Exception):
    """The file at the database path is not a usable quizapp database.

    args: (reason, the still-open connection to it, or None).
    """


def _code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


_SQLITE_MAGIC = b"SQLite format 3\x00"


def header_version(path: Path) -> int | None:
    """The user_version in the file's header (bytes 60-63), read without SQLite; None if unknown."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    if len(header) < 64 or not header.startswith(_SQLITE_MAGIC):
        return None
    return int.from_bytes(header[60:64], "big", signed=True)


def connect(path: Path) -> sqlite3.Connection:
    """A migrated connection, or CorruptDatabase / NewerDatabase; other failures become StoreError."""
    # Checked before SQLite opens the file: even a reading connection may checkpoint a -wal
    # into it on close, and a newer release's file must stay byte for byte as it was.
    version = header_version(path)
    if version is not None and version > SCHEMA_VERSION:
        raise NewerDatabase(path, version)
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                                     check_same_thread=False)
    except sqlite3.Error as error:
        raise StoreError(describe(error, path)) from None
    try:
        _prepare(connection, check=not _closed_cleanly(path))
        return connection
    except CorruptDatabase as why:
        raise CorruptDatabase(why.args[0], connection) from None
    except NewerDatabase:
        connection.close()
        raise
    except sqlite3.Error as error:
        if _code(error) in (_CORRUPT, _NOTADB):
            raise CorruptDatabase(str(error), connection) from None
        connection.close()
        raise StoreError(describe(error, path)) from None


def _prepare(connection: sqlite3.Connection, check: bool = True) -> None:
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:  # the header said otherwise: the newer version is in the -wal
        raise NewerDatabase(Path(connection.execute("PRAGMA database_list").fetchone()[2]), version)
    if check:
        verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise CorruptDatabase(f"integrity check failed: {verdict}", None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    migrate(connection)


def clean_mark_path(path: Path) -> Path:
    return path.with_name(path.name + ".clean")


def _files_now(path: Path) -> list:
    return [identity(path), identity(path.with_name(path.name + "-wal"))]


def mark_clean(path: Path) -> None:
    """Record, after a clean close, what the database's files look like (see the module's doc).
    Best effort: without the record the next opening simply runs the full check."""
    mark = clean_mark_path(path)
    temp = mark.with_name(f"{mark.name}.{os.getpid()}")
    try:
        temp.write_text(json.dumps(_files_now(path)), encoding="utf-8")
        os.replace(temp, mark)
    except OSError:
        try:
            temp.unlink()
        except OSError:
            pass


def _closed_cleanly(path: Path) -> bool:
    """True when the files are as the last clean close left them; the record is used up."""
    mark = clean_mark_path(path)
    try:
        recorded = json.loads(mark.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    try:
        mark.unlink()  # from now on this instance may write: a kill must not leave the file trusted
    except OSError:
        return False
    now = _files_now(path)
    return now[0] is not None and recorded == [list(item) if item else None for item in now]


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextmanager
def opening_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive OS lock (flock) on `<database>.lock` while opening or recovering.

    The lock file is left in place: deleting it would let two processes lock two different
    files. Without fcntl (Windows) or where the folder takes no new file (read-only: nothing
    could be recovered there anyway), opening goes on unlocked.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        handle = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError:
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def identity(path: Path) -> tuple[int, int, int, int] | None:
    """What tells one file from its replacement: device, inode, size and modification time."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def move_aside(path: Path, now: datetime, found: tuple[int, int, int, int] | None = None) -> Path | None:
    """Rename the corrupt database (and its -wal/-shm) to `<name>.corrupt-<UTC time>`.

    With `found` (the `identity` of the file found corrupt), nothing is moved when the file at
    `path` is no longer that one: another instance recovered it first, and the file there now
    is its healthy fresh database. Returns None when nothing was moved.
    """
    if found is not None and identity(path) != found:
        return None
    stamp = as_utc(now).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    try:
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.replace(target.with_name(target.name + suffix))
        path.replace(target)
    except FileNotFoundError:
        return None  # another instance moved it first and told its user; we use the fresh one
    except OSError as error:
        raise StoreError(f"the progress database {path} is unreadable and could not be moved aside: {error}") from None
    return target


def describe(error: sqlite3.Error, path: Path) -> str:
    code = _code(error)
    if code == _FULL:
        return f"the disk is full: could not save progress to {path}; free some space and try again"
    if code == _READONLY:
        return f"the progress database {path} is read-only: check the file's and folder's permissions"
    if code == _CANTOPEN:
        return f"cannot open the progress database {path}: check that the folder exists and is writable"
    if code in (_BUSY, _LOCKED):
        return f"the progress database {path} is busy (another quizapp is writing); try again"
    if code == _IOERR:
        return f"could not read or write the progress database {path}: {error}"
    if code in (_CORRUPT, _NOTADB):
        return f"the progress database {path} is damaged ({error}); restart quizapp to recover it"
    return f"progress database error ({path}): {error}"
