"""The learner's progress: one SQLite database (sessions, graded answers, FSRS cards, review log).

Durability: the connection is in autocommit mode and every graded answer is its own
transaction, committed before `record_answer` returns (WAL, synchronous=FULL), so killing the
process at any moment loses nothing already graded. Two app instances can share the database:
WAL lets readers and one writer work together, writes are short, and a busy timeout makes a
writer wait for the other instead of failing.

A corrupt database (not a database, or malformed) is moved aside as
`progress.sqlite3.corrupt-<UTC time>` (with its -wal/-shm), a fresh one is created, and
`Store.recovered_from` says where the old one went. Opening and recovering hold an OS lock
(database.opening_lock), so several instances started together on a corrupt file move it aside
once and all use the same fresh database. A database from a newer release is not damage: it
raises NewerDatabase (a StoreError) and is left untouched.

Reading is defensive: a row whose values are not what the schema means (a date that is not a
date, text where a number belongs; a hand edit or a foreign tool) is skipped, counted in
`Store.skipped_rows`, and reported by the callers, never a traceback.
"""

from __future__ import annotations

import heapq
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.progress import row_reading as rows
from quizapp.progress.clock import Clock, SystemClock, as_utc
from quizapp.progress.database import (CorruptDatabase, NewerDatabase, StoreError, connect, describe, identity,
                                        mark_clean, move_aside, opening_lock)
from quizapp.progress.migrations import DUE_IS_CANONICAL
from quizapp.progress.scheduling import CardState, DueCard, end_of_today, is_problem_code, queue_of

if TYPE_CHECKING:  # built on demand: stats and history are not on the path of recording an answer
    from quizapp.progress.history import History
    from quizapp.progress.stats import Stats

__all__ = ["AnswerRecord", "NewerDatabase", "Store", "StoreError", "iso"]


def _connect_or_recover(path: Path, clock: Clock) -> tuple[sqlite3.Connection, Path | None, str | None]:
    """Connect; a corrupt file is moved aside and a fresh one made. Call under `opening_lock`."""
    try:
        return connect(path), None, None
    except CorruptDatabase as why:
        reason, broken = str(why.args[0]), why.args[1]
        found = identity(path)
        # Moved while the broken connection is still open: closing it first would make
        # SQLite delete the -wal/-shm files we want to keep beside it.
        try:
            recovered_from = move_aside(path, clock.now(), found)
        finally:
            broken.close()
    try:
        return connect(path), recovered_from, reason if recovered_from else None
    except CorruptDatabase as again:  # only if the fresh file is broken too
        if again.args[1] is not None:
            again.args[1].close()
        raise StoreError(f"cannot create a fresh progress database at {path}: {again.args[0]}") from None

def iso(moment: datetime) -> str:
    # Fixed width (always microseconds, always +00:00) so text order is time order in SQL.
    return as_utc(moment).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class AnswerRecord:
    """One graded answer: a drill step (item = problem code) or a question (item = question id).

    `verdict` is the grader's verdict ("correct", "close", "consistent", "wrong", "refused") or,
    for a self-rated open answer, "self-1".."self-4". `kind` is inferred from `item` when omitted.
    """

    item: str
    typed: str
    verdict: str
    correct: bool
    step: str | None = None
    session: int | None = None
    carried_forward: bool = False
    mistake: str | None = None  # a solver.grading.mistakes.CATALOGUE id
    seconds: float | None = None
    topics: tuple[str, ...] = ()
    kind: str | None = None  # "drill" | "question"
    at: datetime | None = None  # filled in from the store's clock when recorded
    attempt: int = 1  # the how-manyth graded try at this step (a drill step can be tried again)
    hints: int = 0  # the highest rung of the hint ladder used before this try
    id: int | None = None  # filled in when recorded

    def __post_init__(self) -> None:
        if self.kind is None:
            object.__setattr__(self, "kind", "drill" if is_problem_code(self.item) else "question")
        object.__setattr__(self, "topics", tuple(self.topics))

    @property
    def family(self) -> str | None:
        return self.item.split("#", 1)[0].split(":", 1)[0] if self.kind == "drill" else None

    def to_dict(self) -> dict:
        return {
            "id": self.id, "session": self.session, "kind": self.kind, "item": self.item,
            "step": self.step, "typed": self.typed, "verdict": self.verdict, "correct": self.correct,
            "carried_forward": self.carried_forward, "mistake": self.mistake, "seconds": self.seconds,
            "topics": list(self.topics), "at": self.at.isoformat() if self.at else None,
            "attempt": self.attempt, "hints": self.hints,
        }

    @classmethod
    def from_dict(cls, data: dict) -> AnswerRecord:
        values = dict(data)
        values["topics"] = tuple(values.get("topics") or ())
        if values.get("at"):
            values["at"] = datetime.fromisoformat(values["at"])
        return cls(**values)


_ANSWER_COLUMNS = ("id, session, kind, item, step, typed, verdict, correct, carried_forward, "
                   "mistake, seconds, topics, at, attempt, hints")


def _answer_from_row(row) -> AnswerRecord:
    """The answer a row holds; BadRow when a value is not what its column means."""
    (id_, session, kind, item, step, typed, verdict, correct, carried, mistake, seconds,
     topics, at, attempt, hints) = row
    if kind not in ("drill", "question"):
        raise rows.BadRow(f"unknown answer kind {kind!r:.40}")
    return AnswerRecord(item=rows.text(item), typed=rows.text(typed), verdict=rows.text(verdict),
                        correct=rows.flag(correct), step=rows.text(step, optional=True),
                        session=rows.integer(session, optional=True), carried_forward=rows.flag(carried),
                        mistake=rows.text(mistake, optional=True), seconds=rows.number(seconds, optional=True),
                        topics=rows.topics(topics), kind=kind, at=rows.moment(at), id=rows.integer(id_),
                        attempt=rows.integer(attempt), hints=rows.integer(hints))


def skipped_rows_message(count: int, language: str = "en") -> str | None:
    """What to tell the user when unreadable rows were left out (None when there were none)."""
    if not count:
        return None
    zh = f"进度数据库中有 {count} 行数据无法读取（值不符合格式），已跳过；其余记录照常显示。"
    from quizapp.wording import count_of

    en = (f"{count_of(count, 'row')} of the progress database could not be read (a value is not what its "
          f"column holds) and {'was' if count == 1 else 'were'} skipped; everything else is shown.")
    return {"zh": zh, "en": en}.get(language, f"{zh}\n{en}")


@dataclass
class Store:
    path: Path
    clock: Clock
    _connection: sqlite3.Connection = field(repr=False)
    recovered_from: Path | None = None
    recovery_reason: str | None = None
    fuzz: bool = True
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _scheduler: object = field(default=None, repr=False)
    skipped_rows: int = 0  # rows left out by the readers because a value could not be trusted
    _failed: bool = field(default=False, repr=False)  # SQLite reported an error: do not vouch for the file

    # ----- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None, clock: Clock | None = None, *,
             fuzz: bool = True) -> Store:
        """Open (creating or migrating) the database; recover from a corrupt one.

        `fuzz=False` turns off FSRS's random spread of intervals (for reproducible tests).
        """
        from quizapp import paths

        clock = clock or SystemClock()
        try:
            if path is None:
                paths.ensure_home()
                path = paths.database_path()
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder for the progress database: {error}") from None
        with opening_lock(path):
            connection, recovered_from, reason = _connect_or_recover(path, clock)
        store = cls(path, clock, connection, recovered_from, reason, fuzz)
        try:
            store.close_interrupted()  # sessions whose app was killed are ended, as interrupted
        except StoreError:
            pass  # read-only or busy: they are ended by a later opening
        return store

    @classmethod
    def in_memory(cls, clock: Clock | None = None, *, fuzz: bool = True) -> Store:
        """A store that keeps everything in memory (the app's fallback when the disk fails)."""
        from quizapp.progress.migrations import migrate

        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(connection)
        return cls(Path(":memory:"), clock or SystemClock(), connection, fuzz=fuzz)

    def recovery_message(self, language: str = "en") -> str | None:
        """What to tell the user after a corrupt database was moved aside (None if it was not)."""
        if self.recovered_from is None:
            return None
        zh = f"进度数据库已损坏（{self.recovery_reason}），已移到 {self.recovered_from}，并新建了一个空数据库。"
        en = (f"The progress database was unreadable ({self.recovery_reason}); it was moved to "
              f"{self.recovered_from} and a fresh one was created.")
        return {"zh": zh, "en": en}.get(language, f"{zh}\n{en}")

    def close(self) -> None:
        with self._lock:
            self._connection.close()
            if str(self.path) != ":memory:" and not self._failed:
                mark_clean(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _guard(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """Run statements under the lock; a write block is one IMMEDIATE transaction."""
        with self._lock:
            connection = self._connection
            try:
                if write:
                    connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    if write and connection.in_transaction:
                        connection.rollback()
                    raise
                if write:
                    connection.commit()
            except sqlite3.Error as error:
                self._failed = True
                raise StoreError(describe(error, self.path)) from None

    # ----- sessions and answers --------------------------------------------------------------

    def start_session(self, kind: str, item: str | None = None, resumes: int | None = None) -> int:
        """A new session of `kind`; a drill names its problem (`item`) and the earlier session
        whose unfinished work it continues (`resumes`)."""
        from quizapp.progress.owner import this_process

        with self._guard() as db:
            cursor = db.execute("INSERT INTO sessions (kind, started, item, owner, resumes) VALUES (?, ?, ?, ?, ?)",
                                (kind, iso(self.clock.now()), item, this_process(), resumes))
            return int(cursor.lastrowid)

    def end_session(self, session_id: int, outcome: str | None = None) -> None:
        """End a session; a drill says whether its problem was finished or left ("finished", "left")."""
        with self._guard() as db:
            db.execute("UPDATE sessions SET ended = ?, outcome = ? WHERE id = ? AND ended IS NULL",
                       (iso(self.clock.now()), outcome, session_id))

    def close_interrupted(self) -> int:
        """End, as interrupted at their last answer, the open sessions whose writer has stopped
        (killed, crashed: see quizapp.progress.owner); how many were ended. Sessions of running
        instances stay open."""
        from quizapp.progress.owner import is_gone

        now = self.clock.now()
        with self._guard() as db:
            open_sessions = db.execute(
                "SELECT s.id, s.owner, s.started, (SELECT MAX(at) FROM answers a WHERE a.session = s.id) "
                "FROM sessions s WHERE s.ended IS NULL").fetchall()
        ended = 0
        for id_, owner, started, last in open_sessions:
            try:
                last_activity = rows.moment(last if last is not None else started)
            except (rows.BadRow, ValueError, TypeError):
                continue  # unreadable: left as it is
            if not is_gone(owner, last_activity, now):
                continue
            with self._guard() as db:
                ended += db.execute("UPDATE sessions SET ended = ?, outcome = 'interrupted' "
                                    "WHERE id = ? AND ended IS NULL", (iso(last_activity), id_)).rowcount
        return ended

    def unfinished_drills(self, limit: int = 5, item: str | None = None) -> list[tuple[int, str]]:
        """(session, problem code) of the problems last left unfinished (or only `item`'s), most
        recent first: a drill whose latest session ended (left, interrupted) without finishing
        the problem. A problem still open in a running instance is not among them."""
        only = "AND s.item = ? " if item is not None else ""
        with self._guard() as db:
            found = db.execute(
                "SELECT s.id, s.item FROM sessions s WHERE s.kind = 'drill' AND s.item IS NOT NULL "
                f"AND s.item IS NOT 'own-problem' {only}AND s.ended IS NOT NULL AND s.outcome IS NOT 'finished' "
                "AND s.id = (SELECT MAX(t.id) FROM sessions t WHERE t.item = s.item AND t.kind = 'drill') "
                "ORDER BY s.id DESC LIMIT ?", (*((item,) if item is not None else ()), int(limit))).fetchall()
        return [(id_, item) for id_, item in found if isinstance(id_, int) and isinstance(item, str)]

    def drill_work(self, session_id: int) -> list[AnswerRecord]:
        """The answers of a drill session and of the sessions it continues, oldest first."""
        chain: list[int] = []
        with self._guard() as db:
            current = session_id
            while isinstance(current, int) and current not in chain and len(chain) < 1000:
                chain.append(current)
                row = db.execute("SELECT resumes FROM sessions WHERE id = ?", (current,)).fetchone()
                current = row[0] if row else None
            marks = ",".join("?" * len(chain))
            found = db.execute(f"SELECT {_ANSWER_COLUMNS} FROM answers WHERE session IN ({marks}) "
                               "AND kind = 'drill' ORDER BY id", chain).fetchall()
        return [answer for answer in map(self._readable_answer, found) if answer is not None]

    def record_answer(self, record: AnswerRecord) -> AnswerRecord:
        """Save one graded answer, committed before returning; gives it back with id and time."""
        at = record.at or self.clock.now()
        with self._guard() as db:
            cursor = db.execute(
                "INSERT INTO answers (session, kind, item, step, typed, verdict, correct, "
                "carried_forward, mistake, seconds, topics, at, attempt, hints) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (record.session, record.kind, record.item, record.step, record.typed, record.verdict,
                 int(record.correct), int(record.carried_forward), record.mistake, record.seconds,
                 ",".join(record.topics), iso(at), int(record.attempt), int(record.hints)))
            return replace(record, at=as_utc(at), id=int(cursor.lastrowid))

    def answers(self, session: int | None = None, limit: int | None = None) -> list[AnswerRecord]:
        """Answers oldest first (all, or one session's); with `limit`, the most recent ones."""
        where, params = ("WHERE session = ?", [session]) if session is not None else ("", [])
        query = f"SELECT {_ANSWER_COLUMNS} FROM answers {where} ORDER BY id DESC"
        if limit is not None:
            query += " LIMIT ?"
            params.append(int(limit))
        with self._guard() as db:
            found = db.execute(query, params).fetchall()
        return [answer for answer in map(self._readable_answer, reversed(found)) if answer is not None]

    def _readable_answer(self, row) -> AnswerRecord | None:
        try:
            return _answer_from_row(row)
        except (rows.BadRow, ValueError, TypeError):
            self.skipped_rows += 1
            return None

    def _skip(self) -> None:
        self.skipped_rows += 1

    def history(self, limit: int = 20) -> History:
        """The `limit` most recent sessions (with answer counts) and answers, newest first."""
        from quizapp.progress.history import History, SessionSummary

        skipped_before = self.skipped_rows
        try:
            self.close_interrupted()
        except StoreError:
            pass  # read-only: listed as still open
        with self._guard() as db:
            sessions = db.execute(
                "SELECT s.id, s.kind, s.started, s.ended, COUNT(a.id), COALESCE(SUM(a.correct), 0), "
                "s.item, s.outcome FROM sessions s LEFT JOIN answers a ON a.session = s.id "
                "GROUP BY s.id ORDER BY s.id DESC LIMIT ?", (int(limit),)).fetchall()
        readable = []
        for id_, kind, started, ended, count, correct, item, outcome in sessions:
            try:
                readable.append(SessionSummary(rows.integer(id_), rows.text(kind), rows.moment(started),
                                               None if ended is None else rows.moment(ended), count, int(correct),
                                               rows.text(item, optional=True), rows.text(outcome, optional=True)))
            except (rows.BadRow, ValueError, TypeError):
                self._skip()
        answers = tuple(reversed(self.answers(limit=limit)))
        return History(tuple(readable), answers, self.skipped_rows - skipped_before)

    # ----- cards -----------------------------------------------------------------------------

    def _fsrs_scheduler(self):
        if self._scheduler is None:
            from quizapp.progress.scheduling import make_scheduler

            self._scheduler = make_scheduler(self.fuzz)
        return self._scheduler

    def card(self, card_id: str) -> CardState | None:
        with self._guard() as db:
            row = db.execute("SELECT state FROM cards WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            return None
        try:
            return _card_state(card_id, row[0])
        except (ValueError, TypeError, KeyError, AttributeError):  # not a card's JSON: as if never seen
            self._skip()
            return None

    def review(self, card_id: str, rating: int, now: datetime | None = None,
               seconds: float | None = None) -> CardState:
        """Rate a card 1-4 (see scheduling.rating_for) and schedule its next review with FSRS."""
        from fsrs import Card, Rating

        from quizapp.progress.scheduling import card_kind, new_fsrs_card

        card_kind(card_id)  # refuses ids that are not ours
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"a rating is 1-4, not {rating!r}")
        now = as_utc(now or self.clock.now())
        duration = None if seconds is None else int(seconds * 1000)
        with self._guard(write=True) as db:
            row = db.execute("SELECT state FROM cards WHERE id = ?", (card_id,)).fetchone()
            card = None if row is None else _fsrs_card_or_none(row[0])
            if card is None:  # new, or a state that cannot be read: scheduled afresh
                card = new_fsrs_card(card_id, now)
            card, _log = self._fsrs_scheduler().review_card(card, Rating(rating), now, duration)
            db.execute(
                "INSERT INTO cards (id, state, due, introduced) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET state = excluded.state, due = excluded.due",
                (card_id, card.to_json(), iso(card.due), iso(now)))
            db.execute("INSERT INTO review_log (card, rating, at, duration_ms) VALUES (?, ?, ?, ?)",
                       (card_id, rating, iso(now), duration))
        return _card_state(card_id, card.to_json())

    def review_problem(self, code: str, grade, seconds: float | None = None, steps: int = 1,
                       now: datetime | None = None) -> CardState:
        """Review the skill card of a finished drill problem from its ProblemGrade."""
        from quizapp.progress.scheduling import drill_card_for_code, rating_for

        return self.review(drill_card_for_code(code), rating_for(grade, seconds, steps=steps), now, seconds)

    def review_question(self, question_id: str, grade, seconds: float | None = None,
                        now: datetime | None = None) -> CardState:
        """Review a question's card from its verdict, or from the learner's self-rating 1-4."""
        from quizapp.progress.scheduling import question_card_id, rating_for

        return self.review(question_card_id(question_id), rating_for(grade, seconds), now, seconds)

    def due(self, now: datetime | None = None, new_limit: int | None = None, *,
            card_ids: Iterable[str] | None = None) -> list[DueCard]:
        """The review queue at `now`: due cards (oldest due first), then new cards.

        `card_ids` is the universe of cards that exist (scheduling.all_card_ids(question ids));
        without it only cards already reviewed are considered and no new ones are offered.
        New cards are limited to `new_limit` (default: the `new_per_day` setting) minus the cards
        already introduced today (UTC day).
        """
        now = as_utc(now or self.clock.now())
        if new_limit is None:
            from quizapp.settings import Settings

            new_limit = Settings.load().new_per_day
        day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        with self._guard() as db:
            due, known_ids = self._due_queue(db, now)
            introduced_today = db.execute(
                "SELECT COUNT(*) FROM cards WHERE introduced >= ? AND introduced < ?",
                (iso(day_start), iso(day_start + timedelta(days=1)))).fetchone()[0]
        universe = None if card_ids is None else list(card_ids)
        return queue_of(due, universe, known_ids, max(0, new_limit - introduced_today))

    def _due_queue(self, db: sqlite3.Connection, now: datetime) -> tuple[list[tuple[datetime, str]], set[str]]:
        """The (due, card id) pairs of the cards due today, oldest due first (ties by id), and
        the ids of every readable card: what reading and sorting every card gave (build_queue).

        On the indexes of migrations 5 and 8, no card's state read: a due date as the store
        writes it sorts in time order (DUE_IS_CANONICAL), so the cards due today are one range
        of the (due, id) index, already in the queue's order; the odd ones come from their
        partial index and are read (or skipped, and counted, as before) one by one, sorted, and
        merged in. Card ids come from the primary key's index."""
        before = end_of_today(now)
        known_ids = set(chain.from_iterable(db.execute(CARD_IDS)))  # a foreign id never matches one of ours
        # An id that is not text or not one of ours (a hand edit): skipped, not a traceback.
        unreadable = set(chain.from_iterable(db.execute(CARD_FOREIGN)))
        odd_due: list[tuple[datetime, str]] = []
        odd: set[int] = set()
        for rowid, card_id, due in db.execute(QUEUE_ODD):
            odd.add(rowid)
            if rowid in unreadable:
                continue
            try:
                due_at = rows.moment(due)
            except rows.BadRow:
                unreadable.add(rowid)
                known_ids.discard(card_id)
                continue
            if due_at < before:
                odd_due.append((due_at, card_id))
        self.skipped_rows += len(unreadable)
        skip = odd | unreadable
        parse = datetime.fromisoformat  # a canonical due date: UTC, +00:00
        found = db.execute(QUEUE_DUE, (iso(before),))
        if skip:
            in_order = [(parse(due), card_id) for rowid, card_id, due in found if rowid not in skip]
        else:
            in_order = [(parse(due), card_id) for _, card_id, due in found]
        if odd_due:
            in_order = list(heapq.merge(in_order, sorted(odd_due)))
        return in_order, known_ids

    def question_record(self) -> dict[str, tuple[int, int]]:
        """question id -> (graded answers, right ones): what the learner answered, from the
        stats' tallies (a few hundred rows, however long the history)."""
        record: dict[str, list[int]] = {}
        with self._guard() as db:
            found = db.execute("SELECT grouping, correct, SUM(count) FROM answer_tallies "
                               "WHERE kind = 'question' AND count > 0 GROUP BY grouping, correct").fetchall()
        for question_id, correct, count in found:
            if isinstance(question_id, str) and isinstance(count, int):
                tally = record.setdefault(question_id, [0, 0])
                tally[0] += count
                tally[1] += count if correct else 0
        return {question_id: (answers, right) for question_id, (answers, right) in record.items()}

    def review_log(self) -> list[dict]:
        with self._guard() as db:
            rows = db.execute("SELECT card, rating, at, duration_ms FROM review_log ORDER BY id").fetchall()
        return [{"card_id": card, "rating": rating, "at": at, "duration_ms": duration}
                for card, rating, at, duration in rows]

    # ----- stats -----------------------------------------------------------------------------

    def stats(self, now: datetime | None = None,
              topics_of: Callable[[str], Iterable[str]] | None = None, *,
              card_ids: Iterable[str] | None = None, new_limit: int | None = None) -> Stats:
        """The `quizapp stats` figures (see quizapp.progress.stats.summarize).

        The cost grows with the number of groups, not of answers: the answers come as tallies
        kept by triggers (migrations 4 and 9), question ids merged in SQL unless `topics_of` needs
        them (on an index in the figures' order), and the due counts are counted in SQL on the
        due-date index; only the rows SQL cannot vouch for come to Python (DUE_IS_CANONICAL).

        With `card_ids` (the cards that exist, as `due` takes them) the cards due today are
        those of today's review queue (a card of a question no longer in a bank left out) and
        the new ones it offers are added: the figures Home and Review show.
        """
        from quizapp.progress.stats import CHART_DAYS, DueCounts, due_bounds, summarize

        now = as_utc(now or self.clock.now())
        skipped_before = self.skipped_rows
        since = now.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=CHART_DAYS)
        end_of_today, week = due_bounds(now)
        with self._guard() as db:
            groups = tally_rows(db, by_question=topics_of is not None)
            tallies = list(self._readable(iter(groups), _tally_reader(), weight=lambda row: row[-1]))
            sessions = db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
            # Reviews are tallied per day by triggers (migration 9): a row per day, not per review.
            review_count = db.execute("SELECT coalesce(SUM(reviews), 0) FROM review_days").fetchone()[0]
            recent = list(self._readable(
                db.execute("SELECT at FROM review_log WHERE at >= ?", (iso(since),)), rows.moment))
            # A bad time counts once (above, if recent) even though it is read twice.
            days = list(self._readable(db.execute(REVIEW_DAYS), rows.day, count=False))
            bounds = (iso(end_of_today), iso(week))
            # Counted on the due-date index, then the few rows SQL cannot vouch for taken back
            # out (found on their own partial index) and read in Python like any row.
            today, next_7_days = db.execute(DUE_COUNTED, bounds).fetchone()
            odd = db.execute(DUE_ODD, bounds).fetchall()
            today -= sum(1 for _, counted, _ in odd if counted)
            next_7_days -= sum(1 for _, _, counted in odd if counted)
            others = list(self._readable(iter(odd), lambda due, *_: rows.moment(due)))
        figures = summarize(tallies, recent, others, now, topics_of=topics_of, sessions=sessions,
                            review_count=review_count, review_days=days, counted_due=DueCounts(today, next_7_days),
                            skipped_rows=self.skipped_rows - skipped_before)
        if card_ids is None:
            return figures
        universe = list(dict.fromkeys(card_ids))
        queue = self.due(now, new_limit, card_ids=universe)
        with self._guard() as db:
            known = {card_id for (card_id,) in db.execute("SELECT id FROM cards")}
        return replace(figures, due=replace(figures.due, today=sum(not card.new for card in queue),
                                            new=sum(card.new for card in queue),
                                            unseen=sum(1 for card_id in universe if card_id not in known)))

    def _readable(self, cursor, read: Callable, *, weight: Callable | None = None,
                  count: bool = True) -> Iterator:
        """`read(*row)` for each row; rows it cannot read are skipped (and counted)."""
        for row in cursor:
            try:
                yield read(*row)
            except (rows.BadRow, ValueError, TypeError, AttributeError):
                if count:
                    self.skipped_rows += weight(row) if weight else 1


# The stats' queries, each on an index of migration 5, 8 or 9 (tests check the plans).
QUESTION_GROUPS = ("SELECT kind, typeof(grouping) = 'text', topics, mistake, correct, first, SUM(count) "
                   "FROM answer_tallies WHERE count > 0 AND kind IS NOT 'drill' "
                   "GROUP BY kind, typeof(grouping) = 'text', topics, mistake, correct, first")
DUE_COUNTED = "SELECT coalesce(SUM(due < ?), 0), COUNT(*) FROM cards WHERE due <= ?"
REVIEW_DAYS = "SELECT day FROM review_days WHERE reviews > 0"
DUE_ODD = f"SELECT due, due < ?, due <= ? FROM cards WHERE NOT {DUE_IS_CANONICAL}"
# The review queue's, on the indexes of migrations 5 and 8 (tests check the plans).
CARD_IDS = "SELECT id FROM cards"
CARD_FOREIGN = ("SELECT rowid FROM cards WHERE NOT coalesce(typeof(id) = 'text' AND "
                "(substr(id, 1, 2) = 'q:' OR substr(id, 1, 6) = 'drill:'), 0)")
QUEUE_DUE = "SELECT rowid, id, due FROM cards WHERE due < ? ORDER BY due, id"
QUEUE_ODD = f"SELECT rowid, id, due FROM cards WHERE NOT {DUE_IS_CANONICAL}"


def tally_rows(db: sqlite3.Connection, by_question: bool = True) -> list[tuple]:
    """The stats' groups, (kind, question id or drill family, topics, mistake, correct, first try,
    count),
    from the tallies: what grouping every answer by `code_family(item)` gives, row for row.

    The triggers cannot call the solver's code parser, so a drill's tally is keyed by its code
    with the seed set to 0 (a valid seed never changes the family: see migration 4); the
    family is read here, and the tallies of one family added up. Without `by_question` the
    groups of questions alike but for their id are added up in SQL, their id given as '' (or
    None where it was not text, for the reader to skip): ten thousand answered questions make
    a few dozen groups then, for the figures that never look at a question's id.
    """
    tallies = "SELECT kind, grouping, topics, mistake, correct, first, count FROM answer_tallies WHERE count > 0"
    if by_question:
        found = db.execute(tallies + " AND kind IS NOT 'drill'").fetchall()  # a row per group already
    else:
        found = db.execute(QUESTION_GROUPS).fetchall()
        found = [(kind, "" if text else None, *rest) for kind, text, *rest in found]
    drills: dict[tuple, int] = {}
    for kind, key, topics, mistake, correct, first, count in db.execute(tallies + " AND kind = 'drill'"):
        group = (kind, _code_family(key), topics, mistake, correct, first)
        drills[group] = drills.get(group, 0) + count
    return found + [(*group, count) for group, count in drills.items()]


def _code_family(item):
    """SQL's code_family(item): the family of a problem code; anything else comes back as it is
    (the learner's own problem, or a row `_tally` then reads or skips)."""
    from quizapp.progress.scheduling import family_of_code
    from solver.formats.codes import CodeError

    if not isinstance(item, str):
        return item
    try:
        return family_of_code(item)
    except CodeError:
        return item


def _tally_reader():
    """`_tally` reading each distinct topics text once (ten thousand groups share a few dozen)."""
    from quizapp.progress.stats import Tally

    seen: dict = {}

    def read(kind, key, topics, mistake, correct, first, count):
        if isinstance(topics, str):
            parsed = seen.get(topics)
            if parsed is None:
                parsed = seen[topics] = rows.topics(topics)
        else:
            parsed = rows.topics(topics)
        if kind not in ("drill", "question"):
            raise rows.BadRow(f"unknown answer kind {kind!r:.40}")
        return Tally(kind, rows.text(key), parsed, rows.text(mistake, optional=True), rows.flag(correct), count,
                     bool(first))

    return read


def _tally(kind, key, topics, mistake, correct, first, count):
    from quizapp.progress.stats import Tally

    if kind not in ("drill", "question"):
        raise rows.BadRow(f"unknown answer kind {kind!r:.40}")
    return Tally(kind, rows.text(key), rows.topics(topics), rows.text(mistake, optional=True),
                 rows.flag(correct), count, bool(first))


def _fsrs_card_or_none(state_json):
    from fsrs import Card

    try:
        return Card.from_json(state_json)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _card_state(card_id: str, state_json: str) -> CardState:
    from fsrs import Card

    return CardState.from_fsrs(card_id, Card.from_json(state_json))
