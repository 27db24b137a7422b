"""The progress store as the app uses it: a fault never ends the app and never loses an answer.

The command line can stop with a message; the app cannot drop a learner mid-problem. So every
write goes to the database on disk and, when that fails (the disk is full, the database is
read-only, it belongs to a newer quizapp, the data folder is a file...), to an in-memory store
instead, the learner is told once what happened, and the writes not yet on disk are kept in
order and tried again before the next write: once space is freed they all reach the disk. When
the database could not even be opened there is nothing to retry: the session lives in memory.

Reads (due cards, stats, card states) come from the disk while it can be read, else from memory.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Callable

from quizapp.progress.store import NewerDatabase, Store, StoreError

# What the app is told: ("memory", reason, retrying) when writes start going to memory,
# ("saved", count, None) when the kept ones reached the disk after all.
Tell = Callable[[str, object, object], None]


class GuardedStore:
    def __init__(self, open_disk: Callable[[], Store], clock, fuzz: bool, tell: Tell | None = None) -> None:
        self._clock, self._fuzz, self._tell = clock, fuzz, tell
        self._lock = threading.RLock()
        self._memory: Store | None = None
        self._pending: list[tuple] = []  # writes kept in memory, not yet on disk, oldest first
        self._memory_sessions = 0
        self._disk_session: dict[int, int] = {}  # an in-memory session's id (< 0) -> its id on disk
        self.problem: str | None = None  # why progress is not being saved right now
        self.newer_database = False
        try:
            self.disk: Store | None = open_disk()
        except NewerDatabase as error:
            self.disk, self.newer_database = None, True
            self._failed(error.format_message())
        except StoreError as error:
            self.disk = None
            self._failed(error.format_message())
        except OSError as error:  # e.g. the data folder's path is a file
            self.disk = None
            self._failed(_describe_os_error(error))

    # ----- what the screens call ------------------------------------------------------------

    @property
    def saving(self) -> bool:
        """True while answers reach the disk."""
        return self.problem is None

    @property
    def unsaved(self) -> int:
        """Graded answers and reviews kept in memory only, so far."""
        return sum(1 for op in self._pending if op[0] in ("answer", "review"))

    def start_session(self, kind: str, item: str | None = None, resumes: int | None = None) -> int:
        def in_memory() -> int:
            self._memory_sessions += 1
            session = -self._memory_sessions  # never an id the disk hands out
            self._pending.append(("start", session, kind, item, resumes))
            return session

        def on_disk(disk: Store) -> int:
            return disk.start_session(kind, item, self._on_disk(resumes))

        return self._write(on_disk, in_memory)

    def end_session(self, session_id: int, outcome: str | None = None) -> None:
        def on_disk(disk: Store) -> None:
            disk.end_session(self._on_disk(session_id), outcome)

        self._write(on_disk, lambda: self._pending.append(("end", session_id, outcome)))

    def record_answer(self, record):
        record = replace(record, at=record.at or self._clock.now())  # the time it was graded, even if saved later

        def on_disk(disk: Store):
            return disk.record_answer(replace(record, session=self._on_disk(record.session)))

        def in_memory():
            self._pending.append(("answer", record))
            return self._memory_store().record_answer(record)

        return self._write(on_disk, in_memory)

    def review(self, card_id: str, rating: int, now=None, seconds: float | None = None):
        now = now or self._clock.now()

        def in_memory():
            self._pending.append(("review", card_id, rating, now, seconds))
            return self._memory_store().review(card_id, rating, now, seconds)

        return self._write(lambda disk: disk.review(card_id, rating, now, seconds), in_memory)

    def due(self, *args, **kwargs):
        return self._read("due", *args, **kwargs)

    def stats(self, *args, **kwargs):
        return self._read("stats", *args, **kwargs)

    def card(self, card_id: str):
        return self._read("card", card_id)

    def answers(self, *args, **kwargs):
        return self._read("answers", *args, **kwargs)

    def question_record(self):
        return self._read("question_record")

    def unfinished_drills(self, *args, **kwargs):
        return self._read("unfinished_drills", *args, **kwargs)

    def drill_work(self, session_id: int):
        return self._read("drill_work", session_id)

    def recovery_message(self, language: str = "en") -> str | None:
        return self.disk.recovery_message(language) if self.disk is not None else None

    def close(self) -> None:
        with self._lock:
            if self.disk is not None and self._pending:
                try:
                    self._flush()
                except StoreError:
                    pass  # still failing: what could not be saved was said on screen
            for store in (self.disk, self._memory):
                if store is not None:
                    store.close()
            self.disk = self._memory = None

    # ----- how ------------------------------------------------------------------------------

    def _memory_store(self) -> Store:
        if self._memory is None:
            self._memory = Store.in_memory(self._clock, fuzz=self._fuzz)
        return self._memory

    def _on_disk(self, session: int | None) -> int | None:
        """A session's id on disk; _NotOnDiskYet while it is only in memory."""
        if session is None or session >= 0:
            return session
        if session not in self._disk_session:
            raise _NotOnDiskYet
        return self._disk_session[session]

    def _write(self, on_disk, in_memory):
        with self._lock:
            if self.disk is not None:
                try:
                    self._flush()
                    result = on_disk(self.disk)
                    if self.problem is not None:  # a read had failed; writing works again
                        self._saved(0)
                    return result
                except _NotOnDiskYet:
                    pass  # its session is still in memory: keep the order, go behind it
                except StoreError as error:
                    self._failed(error.format_message(), retrying=True)
            return in_memory()

    def _flush(self) -> None:
        """Put the kept writes on disk, oldest first; StoreError (the rest kept) if it still fails."""
        if not self._pending:
            return
        saved = 0
        disk = self.disk
        while self._pending:
            op = self._pending[0]
            if op[0] == "start":
                self._disk_session[op[1]] = disk.start_session(op[2], op[3], self._on_disk(op[4]))
            elif op[0] == "end":
                disk.end_session(self._on_disk(op[1]), op[2])
            elif op[0] == "answer":
                disk.record_answer(replace(op[1], session=self._on_disk(op[1].session)))
                saved += 1
            else:
                disk.review(*op[1:])
                saved += 1
            self._pending.pop(0)
        self._saved(saved)

    def _saved(self, count: int) -> None:
        self.problem = None
        if self._tell:
            self._tell("saved", count, None)

    def _failed(self, reason: str, retrying: bool = False) -> None:
        first = self.problem is None
        self.problem = reason
        if first and self._tell:
            self._tell("memory", reason, retrying)

    def _read(self, name: str, *args, **kwargs):
        with self._lock:
            if self.disk is not None:
                try:
                    return getattr(self.disk, name)(*args, **kwargs)
                except StoreError as error:
                    self._failed(error.format_message(), retrying=True)
            return getattr(self._memory_store(), name)(*args, **kwargs)


class _NotOnDiskYet(Exception):
    """A write that refers to a session still kept in memory: it waits behind that session."""


def _describe_os_error(error: OSError) -> str:
    import errno

    where = error.filename or "the data folder"
    if error.errno in (errno.EEXIST, errno.ENOTDIR):
        return f"cannot use the data folder {where}: a file is in the way (set QUIZAPP_HOME to a folder)"
    return f"cannot use the data folder {where}: {error.strerror or error}"
