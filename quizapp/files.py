"""A user's files: read with a clear message, replaced all-or-nothing (never half a file)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from quizapp.errors import UserError


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """A file the user named; a UserError that says why when it cannot be read."""
    path = Path(path)
    try:
        return path.read_text(encoding=encoding)
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a file") from None
    except (OSError, UnicodeError) as error:
        raise UserError(f"{path}: cannot read it ({error})") from None


def replace_file(path: Path, data: bytes) -> Path:
    """Write `data` to a temporary file beside `path`, fsync it, then rename it over `path`.

    The rename stays within one file system, so a reader sees the old file or the new one
    whole. Raises OSError (disk full, permission) with no temporary file left behind.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
