"""The bytes of a file, bounded by what we read rather than by what `st_size` claims.

`/dev/zero`, a FIFO or a terminal would make `path.read_text()` read forever or block, so a
file that is not a regular file is refused before anything is read. The file is opened with
O_NONBLOCK so that even opening a FIFO (which waits for a writer) cannot hang, and its type is
checked on the open descriptor (no race with a rename between a check and the open).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from readers.errors import ReadError
from readers.limits import Limits


def read_source(path: str | Path, limits: Limits = Limits(), encoding: str = "utf-8") -> str:
    """The text of a regular file of at most `limits.max_bytes` bytes; ReadError otherwise."""
    name = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise ReadError(name, 1, "no such file") from None
    except IsADirectoryError:
        raise ReadError(name, 1, "is a folder, not a file") from None
    except OSError as error:
        raise ReadError(name, 1, f"cannot read it ({error.strerror or error})") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise ReadError(name, 1, "is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise ReadError(name, 1, "is not a regular file (a device, a pipe or a socket); save it to a file first")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(limits.max_bytes + 1)  # one byte more tells us it is too large
    except OSError as error:
        raise ReadError(name, 1, f"cannot read it ({error.strerror or error})") from None
    finally:
        os.close(descriptor)
    if len(data) > limits.max_bytes:
        raise ReadError(name, 1, f"too large: more than {limits.max_bytes:,} bytes")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ReadError(name, line, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
