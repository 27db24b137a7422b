"""What the front ends need from the rest of quizapp (settings, the progress store, the banks,
the clocks), opened lazily: the app's screens reach it as `self.services`, `quizapp quiz` makes one.

The home screen must paint fast, so nothing heavy is imported here at module level: the
progress store, the question banks and the solver are loaded the first time a screen asks.
"""

from __future__ import annotations

import random
import time
from datetime import datetime
from typing import Callable

from quizapp.progress.clock import Clock, SystemClock


class Services:
    def __init__(self, clock: Clock | None = None, seed: int | None = None,
                 timer: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock or SystemClock()
        # Seconds for the time an answer took (a drill step's, a question's); a test moves it by hand.
        self.timer = timer
        # FSRS spreads intervals at random; with a fixed clock (tests) the schedule must repeat.
        self.fuzz = clock is None
        # Seeds for new drill problems; a fixed seed makes a test's problems reproducible.
        self.random = random.Random(seed)
        self._store = None
        # Told when progress stops (or starts again) reaching the disk: the app shows a notice.
        self.on_store_problem = None
        self._banks = None
        self._settings = None

    def now(self) -> datetime:
        return self.clock.now()

    def new_seed(self) -> int:
        return self.random.randrange(1, 1_000_000)

    # settings -------------------------------------------------------------------------
    @property
    def settings(self):
        if self._settings is None:
            from quizapp.settings import Settings

            self._settings = Settings.load()
        return self._settings

    def save_settings(self, settings) -> None:
        settings.save()
        self._settings = settings

    # progress store ------------------------------------------------------------------
    @property
    def store(self):
        """The progress store, guarded: a disk fault keeps answers in memory (see quizapp.progress.guarded_store)."""
        if self._store is None:
            from quizapp.progress.guarded_store import GuardedStore

            self._store = GuardedStore(self._open_store, self.clock, self.fuzz, self._store_problem)
        return self._store

    def _open_store(self):
        from quizapp.paths import ensure_home
        from quizapp.progress.store import Store

        ensure_home()
        return Store.open(clock=self.clock, fuzz=self.fuzz)

    def _store_problem(self, what: str, detail, retrying) -> None:
        if self.on_store_problem is not None:
            self.on_store_problem(what, detail, retrying)

    def close(self) -> None:
        if self._store is not None and hasattr(self._store, "close"):
            self._store.close()
        self._store = None

    def due(self):
        """The review queue: the cards due today, then new ones up to the daily limit."""
        return self.store.due(now=self.now(), new_limit=self.settings.new_per_day, card_ids=self.card_ids())

    def card_ids(self) -> list[str]:
        """Every card that exists: the banks' questions and the drill skills."""
        from quizapp.progress.scheduling import all_card_ids

        return all_card_ids(q.id for q in self.banks.questions)

    def stats(self):
        """The Stats figures, their due and new counts those of the review queue Home and Review show."""
        return self.store.stats(now=self.now(), card_ids=self.card_ids(), new_limit=self.settings.new_per_day)

    def unfinished_drill(self):
        """(EarlierWork, problem) of the drill most recently left unfinished, or None (quizapp.resume)."""
        from quizapp.problems import problem_from_code
        from quizapp.resume import latest_unfinished

        return latest_unfinished(self.store, problem_from_code)

    # question banks ------------------------------------------------------------------
    @property
    def banks(self):
        if self._banks is None:
            self._banks = load_question_banks()
        return self._banks

    def article_questions(self) -> list:
        """The article's four interview questions (section 四 of the article's bank)."""
        return [q for q in self.banks.questions if q.id.startswith("article.") and q.section == "四"][:4]

    # recording answers ---------------------------------------------------------------
    # Every graded answer goes to the store at once, so quitting at any point loses nothing.
    def start_session(self, kind: str) -> int:
        return self.store.start_session(kind)

    def end_session(self, session_id: int) -> None:
        self.store.end_session(session_id)

    def record_question(self, question, typed: str, verdict: str, correct: bool, session_id, seconds: float,
                        mistake: str | None = None) -> None:
        from quizapp.progress.store import AnswerRecord

        self.store.record_answer(AnswerRecord(
            item=question.id, typed=typed, verdict=verdict, correct=correct, session=session_id,
            mistake=mistake, seconds=seconds, topics=tuple(question.topics), kind="question"))

    def review_question(self, question_id: str, rating: int, seconds: float | None = None):
        return self.store.review(f"q:{question_id}", rating, now=self.now(), seconds=seconds)


def load_question_banks():
    """The built-in banks and the learner's own (the data folder's banks/), as the app and
    `quiz --plain` and `check --question` all see them."""
    from questions import load_banks

    from quizapp.paths import user_banks_dir

    folder = user_banks_dir()
    return load_banks(folder if folder.is_dir() else None)
