"""Which process a session belongs to, and whether that process is still running.

A session is written by one process. When that process dies (kill -9, a closed terminal, a
crash) nobody ends the session, so a later instance ends it for it, as interrupted, once it is
sure the writer is gone. "Sure" means: the writer ran on this machine and its process id is no
longer running, or is running but is a different process (the id was reused: Linux says when a
process started). A writer on another machine (a shared data folder), or on a system where a
process cannot be asked about safely, counts as gone only after `QUIET_HOURS` without a write.
"""

from __future__ import annotations

import os
import socket
import sys
from datetime import datetime, timedelta
from functools import lru_cache

QUIET_HOURS = 12  # a session nobody can vouch for, with no answer for this long, was abandoned


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (Linux); None when unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields if len(fields) > 19 else None


def _started(pid: int) -> str | None:
    """When process `pid` started, in clock ticks since boot (Linux); None when unknown."""
    fields = _stat(pid)
    return fields[19] if fields else None


@lru_cache(maxsize=1)
def this_process() -> str:
    """This process as a session's owner: host, process id and (where known) its start time."""
    pid = os.getpid()
    return f"{socket.gethostname()}|{pid}|{_started(pid) or ''}"


def _running(pid: int, started: str) -> bool | None:
    """True/False when this machine can tell whether that process still runs; None when it cannot."""
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process there
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # running, as another user
    except OSError:
        return None
    fields = _stat(pid)
    if fields is not None:
        if fields[0] in ("Z", "X"):
            return False  # killed, not yet reaped by its parent
        if started and fields[19] != started:
            return False  # the id belongs to a newer process now
    return True


def is_gone(owner: str | None, last_activity: datetime, now: datetime) -> bool:
    """Whether the session's writer has certainly stopped: its session can be ended as interrupted."""
    if owner is not None:
        host, _, rest = owner.partition("|")
        pid_text, _, started = rest.partition("|")
        if host == socket.gethostname() and pid_text.isdigit():
            pid = int(pid_text)
            if pid == os.getpid() and owner == this_process():
                return False  # our own session: open on a screen right now
            running = _running(pid, started)
            if running is not None:
                return not running
    # Written by an older release (no owner), on another machine, or unknowable here.
    return now - last_activity > timedelta(hours=QUIET_HOURS)
