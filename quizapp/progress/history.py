"""What `quizapp history` lists: the most recent sessions, with their answer counts, and answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from quizapp.progress.store import AnswerRecord


@dataclass(frozen=True)
class SessionSummary:
    id: int
    kind: str  # "drill", "quiz", "review", ...
    started: datetime
    ended: datetime | None  # None: still open, or the app was stopped before it could say
    answers: int
    correct: int
    item: str | None = None  # a drill's problem code
    # How it ended: "finished" (a drill's every step done), "left" (a drill left unfinished),
    # "interrupted" (its app was killed; ended by a later instance at its last answer), or None
    # (a quiz or review ended, or still open).
    outcome: str | None = None

    @property
    def state(self) -> str:
        """"open", "interrupted", "finished", "left" or "ended"."""
        if self.ended is None:
            return "open"
        return self.outcome or "ended"

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "started": self.started.isoformat(),
                "ended": None if self.ended is None else self.ended.isoformat(),
                "answers": self.answers, "correct": self.correct, "item": self.item, "outcome": self.outcome,
                "state": self.state}

    @classmethod
    def from_dict(cls, data: Mapping) -> SessionSummary:
        ended = data.get("ended")
        return cls(data["id"], data["kind"], datetime.fromisoformat(data["started"]),
                   None if ended is None else datetime.fromisoformat(ended), data["answers"], data["correct"],
                   data.get("item"), data.get("outcome"))


@dataclass(frozen=True)
class History:
    """Newest first; `skipped_rows` counts the rows the store could not read and left out."""

    sessions: tuple[SessionSummary, ...]
    answers: tuple[AnswerRecord, ...]
    skipped_rows: int = 0

    def to_dict(self) -> dict:
        return {"sessions": [s.to_dict() for s in self.sessions], "answers": [a.to_dict() for a in self.answers],
                "skipped_rows": self.skipped_rows}

    @classmethod
    def from_dict(cls, data: Mapping) -> History:
        return cls(tuple(SessionSummary.from_dict(s) for s in data["sessions"]),
                   tuple(AnswerRecord.from_dict(a) for a in data["answers"]), data.get("skipped_rows", 0))
