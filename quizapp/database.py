"""The SQLite file behind the progress store: connecting, preparing, and what to do when it fails.

`connect` gives a migrated connection in WAL mode with synchronous=FULL, or raises
`CorruptDatabase` (the caller moves the file aside with `move_aside` and starts afresh) or
`StoreError` with a message that says what happened and what to do (`describe`).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from quizapp.clock import as_utc
from quizapp.errors import UserError
from quizapp.migrations import SCHEMA_VERSION, migrate

BUSY_TIMEOUT_SECONDS = 10.0

# SQLite primary result codes (sqlite3.Error.sqlite_errorcode & 0xff).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


class StoreError(UserError):
    """The progress database cannot be used (disk full, read-only, busy for too long...)."""


class CorruptDatabase(Exception):
    """The file at the database path is not a usable quizapp database.

    args: (reason, the still-open connection to it, or None).
    """


def _code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def connect(path: Path) -> sqlite3.Connection:
    """A migrated connection, or CorruptDatabase; other failures become StoreError."""
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                                     check_same_thread=False)
    except sqlite3.Error as error:
        raise StoreError(describe(error, path)) from None
    try:
        _prepare(connection)
        return connection
    except CorruptDatabase as why:
        raise CorruptDatabase(why.args[0], connection) from None
    except sqlite3.Error as error:
        if _code(error) in (_CORRUPT, _NOTADB):
            raise CorruptDatabase(str(error), connection) from None
        connection.close()
        raise StoreError(describe(error, path)) from None


def _prepare(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise CorruptDatabase(f"schema version {version} is newer than this quizapp knows ({SCHEMA_VERSION})", None)
    check = connection.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise CorruptDatabase(f"integrity check failed: {check}", None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    migrate(connection)


def move_aside(path: Path, now: datetime) -> Path | None:
    """Rename the corrupt database (and its -wal/-shm) to `<name>.corrupt-<UTC time>`."""
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
