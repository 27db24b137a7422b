"""Spaced repetition on top of the `fsrs` package: card ids, grade -> rating, the due queue.

Cards:
- every concept question is a card `q:<question id>`;
- every drill family at each difficulty is a skill card `drill:<family>:d<difficulty>`, so a
  family the learner keeps getting wrong comes back sooner.

`rating_for` is the one place where a grade becomes an FSRS rating (1 Again, 2 Hard, 3 Good,
4 Easy). `fsrs` is imported inside functions: it is not needed to paint the first screen.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4

# A drill problem answered right first time earns Easy when it took less than this many
# seconds per step asked; otherwise Good. 20 s is about the time to write one chain-rule
# product by hand without hesitating.
FAST_SECONDS_PER_STEP = 20.0

_GRADE_RATINGS = {
    # drill ProblemGrade values (solver.grading.grade)
    "first_try": GOOD,  # Easy when fast, see rating_for
    "formula": GOOD,  # a formula looked up: never Easy
    "retried": HARD,  # right only at a later try
    "carried_forward": HARD,
    "hints": HARD,
    "wrong": AGAIN,
    # question verdicts (solver.grading.grade.Verdict.verdict)
    "correct": GOOD,
    "close": GOOD,
    "consistent": HARD,
    "refused": AGAIN,
}


def rating_for(grade, seconds: float | None = None, *, steps: int = 1) -> int:
    """The FSRS rating (1-4) for a drill grade, a question verdict, or a self-rating 1-4.

    `seconds` is the time taken for the whole problem and `steps` how many steps were asked:
    a first-try drill is Easy when under FAST_SECONDS_PER_STEP per step. A self-rating
    (int 1-4, or "1".."4") passes through unchanged.
    """
    grade = getattr(grade, "value", grade)  # a str Enum member hashes by name, not value
    if isinstance(grade, bool):
        raise ValueError(f"not a grade: {grade!r}")
    if isinstance(grade, int) or (isinstance(grade, str) and grade.strip().isdigit()):
        rating = int(grade)
        if rating not in (AGAIN, HARD, GOOD, EASY):
            raise ValueError(f"a self-rating is 1-4, not {grade!r}")
        return rating
    if grade not in _GRADE_RATINGS:
        raise ValueError(f"unknown grade {grade!r}")
    rating = _GRADE_RATINGS[grade]
    if grade == "first_try" and seconds is not None and seconds < FAST_SECONDS_PER_STEP * max(steps, 1):
        return EASY
    return rating


# ----- card ids ------------------------------------------------------------------------------

def question_card_id(question_id: str) -> str:
    return f"q:{question_id}"


def drill_card_id(family: str, difficulty: int) -> str:
    return f"drill:{family}:d{int(difficulty)}"


def drill_card_for_code(code: str) -> str:
    """The skill card of a problem code such as `mlp:2-3-1:sigmoid:half_sse:d2#42` (any generator:
    `...:d2:g2#42` is the same skill), read by the solver's code parser."""
    from solver.formats.codes import split_versioned_code

    family, _options, difficulty, _seed, _generator = split_versioned_code(code)
    return drill_card_id(family, 1 if difficulty is None else difficulty)


def family_of_code(code: str) -> str:
    """The family a problem code names (solver.formats.codes.CodeError when it names none)."""
    from solver.formats.codes import split_versioned_code

    return split_versioned_code(code)[0]


def drill_card_parts(card_id: str) -> tuple[str, int]:
    """(family, difficulty) of a drill card id `drill:family:dN`."""
    kind, family, difficulty = card_id.split(":")
    if kind != "drill" or not difficulty.startswith("d") or not difficulty[1:].isdigit():
        raise ValueError(f"not a drill card id: {card_id!r}")
    return family, int(difficulty[1:])


def is_problem_code(item: str) -> bool:
    """Problem codes name a family and a seed (`family:...#seed`); question ids have neither."""
    return ":" in item and "#" in item


def card_kind(card_id: str) -> str:
    if card_id.startswith("q:"):
        return "question"
    if card_id.startswith("drill:"):
        return "drill"
    raise ValueError(f"not a card id: {card_id!r}")


def drill_card_ids() -> list[str]:
    """Every drill skill card: each family at each difficulty."""
    from solver.families import DIFFICULTIES, FAMILIES

    return [drill_card_id(name, level) for name in FAMILIES for level in DIFFICULTIES]


def all_card_ids(question_ids: Iterable[str]) -> list[str]:
    """The universe of cards for `Store.due`: the bank's questions then every drill skill."""
    return [question_card_id(qid) for qid in question_ids] + drill_card_ids()


# ----- card state ----------------------------------------------------------------------------

STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}


@dataclass(frozen=True)
class CardState:
    """A card's scheduling state, as the `fsrs` Card keeps it, under our string id."""

    card_id: str
    due: datetime
    state: str  # learning | review | relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    last_review: datetime | None

    def to_dict(self) -> dict:
        return {
            "card_id": self.card_id,
            "due": self.due.isoformat(),
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "last_review": self.last_review.isoformat() if self.last_review else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> CardState:
        return cls(
            card_id=data["card_id"],
            due=datetime.fromisoformat(data["due"]),
            state=data["state"],
            step=data["step"],
            stability=data["stability"],
            difficulty=data["difficulty"],
            last_review=datetime.fromisoformat(data["last_review"]) if data["last_review"] else None,
        )

    @classmethod
    def from_fsrs(cls, card_id: str, card) -> CardState:
        return cls(card_id, card.due, STATE_NAMES[int(card.state)], card.step, card.stability,
                   card.difficulty, card.last_review)


def fsrs_number(card_id: str) -> int:
    """A stable integer for fsrs's `card_id` field (ours are strings)."""
    return zlib.crc32(card_id.encode("utf-8"))


def new_fsrs_card(card_id: str, now: datetime):
    from fsrs import Card

    # Passing card_id and due explicitly: fsrs would otherwise read the wall clock (and sleep 1 ms).
    return Card(card_id=fsrs_number(card_id), due=now)


def make_scheduler(fuzz: bool = True):
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=fuzz)


# ----- the due queue -------------------------------------------------------------------------

@dataclass(frozen=True)
class DueCard:
    card_id: str
    kind: str  # "question" | "drill"
    new: bool
    due: datetime | None  # None for a card never reviewed

    @property
    def question_id(self) -> str | None:
        return self.card_id[2:] if self.kind == "question" else None

    @property
    def family(self) -> str | None:
        return drill_card_parts(self.card_id)[0] if self.kind == "drill" else None

    @property
    def difficulty(self) -> int | None:
        return drill_card_parts(self.card_id)[1] if self.kind == "drill" else None

    def to_dict(self) -> dict:
        return {"card_id": self.card_id, "kind": self.kind, "new": self.new,
                "due": self.due.isoformat() if self.due else None}


def end_of_today(now: datetime) -> datetime:
    """Midnight UTC after `now`: "due today" means due before it, on Home, in Review and in Stats."""
    return now.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


def build_queue(
    known_due: Sequence[tuple[str, datetime]],
    universe: Sequence[str] | None,
    known_ids: set[str],
    now: datetime,
    new_allowed: int,
) -> list[DueCard]:
    """The review queue: the cards due today (oldest due first), then up to `new_allowed` new ones.

    `known_due` holds (card id, due) for every card ever reviewed (or at least every one due
    before the end of today), `known_ids` the ids of every card ever reviewed, `universe` the
    cards that exist now (None: every known card counts, no new ones can be offered). New
    cards alternate between concept questions and drill skills, in the universe's order, so
    that a small daily limit still brings both kinds.
    """
    before = end_of_today(now)
    due = sorted((due_at, card_id) for card_id, due_at in known_due if due_at < before)
    return queue_of(due, universe, known_ids, new_allowed)


def queue_of(due: Iterable[tuple[datetime, str]], universe: Sequence[str] | None, known_ids: set[str],
             new_allowed: int) -> list[DueCard]:
    """`build_queue` from the (due, card id) pairs of the cards due today, oldest due first."""
    allowed = None if universe is None else set(universe)
    # card_kind, with its common case first: ten thousand due cards are read at once.
    queue = [DueCard(card_id, "question" if card_id[:2] == "q:" else card_kind(card_id), False, due_at)
             for due_at, card_id in due if allowed is None or card_id in allowed]
    if universe is None or new_allowed <= 0:
        return queue
    fresh = [card_id for card_id in dict.fromkeys(universe) if card_id not in known_ids]
    questions = [c for c in fresh if c.startswith("q:")]
    drills = [c for c in fresh if c.startswith("drill:")]
    mixed: list[str] = []
    for index in range(max(len(questions), len(drills))):
        mixed.extend(pair[index] for pair in (questions, drills) if index < len(pair))
    queue.extend(DueCard(card_id, card_kind(card_id), True, None) for card_id in mixed[:new_allowed])
    return queue
