"""The progress database's schema, as ordered migrations.

`PRAGMA user_version` holds how many migrations a database has had. Opening a database runs
the missing ones in order inside one write transaction, so a database from any earlier release
opens in this one. Never edit a released migration: add a new one at the end.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    why: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "base tables: sessions, answers, cards, review log", (
        """CREATE TABLE sessions (
               id INTEGER PRIMARY KEY,
               kind TEXT NOT NULL,
               started TEXT NOT NULL,
               ended TEXT)""",
        """CREATE TABLE answers (
               id INTEGER PRIMARY KEY,
               session INTEGER REFERENCES sessions(id),
               item TEXT NOT NULL,
               step TEXT,
               typed TEXT NOT NULL,
               verdict TEXT NOT NULL,
               correct INTEGER NOT NULL,
               carried_forward INTEGER NOT NULL DEFAULT 0,
               at TEXT NOT NULL)""",
        """CREATE TABLE cards (
               id TEXT PRIMARY KEY,
               state TEXT NOT NULL,
               due TEXT NOT NULL)""",
        """CREATE TABLE review_log (
               id INTEGER PRIMARY KEY,
               card TEXT NOT NULL,
               rating INTEGER NOT NULL,
               at TEXT NOT NULL,
               duration_ms INTEGER)""",
    )),
    Migration(2, "named mistakes and time taken per answer; when each card was introduced; indexes", (
        "ALTER TABLE answers ADD COLUMN mistake TEXT",
        "ALTER TABLE answers ADD COLUMN seconds REAL",
        "ALTER TABLE cards ADD COLUMN introduced TEXT",
        # The daily new-card limit counts cards introduced today: backfill from the review log.
        """UPDATE cards SET introduced =
               (SELECT MIN(at) FROM review_log WHERE review_log.card = cards.id)""",
        "CREATE INDEX answers_at ON answers(at)",
        "CREATE INDEX answers_session ON answers(session)",
        "CREATE INDEX cards_due ON cards(due)",
        "CREATE INDEX review_log_at ON review_log(at)",
    )),
    Migration(3, "answer kind (drill step or question) and the question's topics, for stats", (
        "ALTER TABLE answers ADD COLUMN kind TEXT NOT NULL DEFAULT 'question'",
        "ALTER TABLE answers ADD COLUMN topics TEXT NOT NULL DEFAULT ''",
        # Problem codes look like family:...#seed; question ids never contain ':' or '#'.
        """UPDATE answers SET kind = 'drill'
               WHERE instr(item, ':') > 0 AND instr(item, '#') > 0""",
    )),
)


def _group(row: str) -> str:
    """The tally key of an answer `row` (NEW, OLD or the table's own): a question's id, a
    drill's code with its seed set to 0 when the seed is a plain number (the family, read from
    the key by the solver's parser when stats are made, cannot depend on it), else the code
    as it is. Tallies grow with the codes' kinds (family, options, difficulty), not their seeds."""
    item, seed = f"{row}item", f"substr({row}item, instr({row}item, '#') + 1)"
    plain_seed = (f"typeof({item}) = 'text' AND instr({item}, '#') > 0 AND length({item}) <= 200 "
                  f"AND length({seed}) BETWEEN 1 AND 18 AND {seed} NOT GLOB '*[^0-9]*'")
    return (f"CASE WHEN {row}kind = 'drill' AND {plain_seed} "
            f"THEN substr({item}, 1, instr({item}, '#')) || '0' ELSE {item} END")


def first_try(row: str) -> str:
    """1 when the answer `row` (NEW., OLD. or '') is a first try at its step or question, else 0:
    only an attempt number above 1 is a retry (a hand-edited text or NULL counts as a first)."""
    return f"NOT coalesce(typeof({row}attempt) IN ('integer', 'real') AND {row}attempt > 1, 0)"


def _same_group(row: str, first: bool = False) -> str:
    # IS, not =: NULL matches NULL, as GROUP BY puts NULLs together.
    return (f"kind IS {row}.kind AND grouping IS {_group(row + '.')} AND topics IS {row}.topics "
            f"AND mistake IS {row}.mistake AND correct IS {row}.correct"
            + (f" AND first IS {first_try(row + '.')}" if first else ""))


def _count_in(row: str, first: bool = False) -> tuple[str, str]:
    columns, values = ("first, ", f"{first_try(row + '.')}, ") if first else ("", "")
    return (f"""INSERT INTO answer_tallies (kind, grouping, topics, mistake, correct, {columns}count)
                SELECT {row}.kind, {_group(row + '.')}, {row}.topics, {row}.mistake, {row}.correct, {values}0
                WHERE NOT EXISTS (SELECT 1 FROM answer_tallies WHERE {_same_group(row, first)})""",
            f"UPDATE answer_tallies SET count = count + 1 WHERE {_same_group(row, first)}")


def _count_out(row: str, first: bool = False) -> tuple[str, str]:
    return (f"UPDATE answer_tallies SET count = count - 1 WHERE {_same_group(row, first)}",
            f"DELETE FROM answer_tallies WHERE {_same_group(row, first)} AND count <= 0")


MIGRATIONS += (
    # Stats grouped every answer on each call (2 s at a million answers). Triggers keep one row
    # per group up to date inside each answer's own transaction, whoever writes it, so stats
    # read a few hundred rows however long the history.
    Migration(4, "answer tallies for stats, kept by triggers in each answer's transaction", (
        """CREATE TABLE answer_tallies (
               kind TEXT,
               grouping TEXT,
               topics TEXT,
               mistake TEXT,
               correct INTEGER,
               count INTEGER NOT NULL)""",
        "CREATE INDEX answer_tallies_group ON answer_tallies(kind, grouping, topics, mistake, correct)",
        f"""INSERT INTO answer_tallies (kind, grouping, topics, mistake, correct, count)
               SELECT kind, {_group('')}, topics, mistake, correct, COUNT(*) FROM answers GROUP BY 1, 2, 3, 4, 5""",
        f"""CREATE TRIGGER answer_tallied AFTER INSERT ON answers BEGIN
               {'; '.join(_count_in('NEW'))};
           END""",
        f"""CREATE TRIGGER answer_untallied AFTER DELETE ON answers BEGIN
               {'; '.join(_count_out('OLD'))};
           END""",
        f"""CREATE TRIGGER answer_retallied AFTER UPDATE OF kind, item, topics, mistake, correct ON answers BEGIN
               {'; '.join(_count_out('OLD') + _count_in('NEW'))};
           END""",
    )),
)

# A due date as `Store` writes it (UTC, fixed width: see store.iso) and a real one (SQLite's
# '+0 seconds' carries 02-30 or 24:00 over, so those differ from themselves): such texts sort in
# time order, so SQL counts them against `iso` bounds exactly as reading them and comparing
# datetimes would. Part of migration 5's index: never edit it (a query must say it word for word
# to use the index).
DUE_IS_CANONICAL = (
    "coalesce(typeof(due) = 'text' AND length(due) = 32 AND due >= '0001' AND due GLOB "
    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00'"
    " AND strftime('%Y-%m-%dT%H:%M:%S', substr(due, 1, 19), '+0 seconds') = substr(due, 1, 19), 0)")

MIGRATIONS += (
    # Stats still read a row per answered question (20k at 10k questions) and parsed every
    # card's due date: an index in the figures' order lets SQL add the question groups up
    # without sorting, and due dates are counted on the due-date index, the odd rows (a hand
    # edit, a foreign tool) found on a partial index of their own.
    Migration(5, "indexes for stats: tallies in the figures' order, cards with an odd due date", (
        "CREATE INDEX answer_tallies_figures ON answer_tallies(kind, typeof(grouping) = 'text', topics, mistake, "
        "correct, count)",
        f"CREATE INDEX cards_odd_due ON cards(due) WHERE NOT {DUE_IS_CANONICAL}",
    )),
)

MIGRATIONS += (
    # A drill step can be tried again: each graded try is its own row, numbered, with the rung
    # of the hint ladder used before it. Rows from before were all first tries without a rung
    # on record, which the defaults say.
    Migration(6, "every try at a drill step kept: its attempt number and the hint rung used", (
        "ALTER TABLE answers ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE answers ADD COLUMN hints INTEGER NOT NULL DEFAULT 0",
    )),
)

MIGRATIONS += (
    # A killed app left its session open forever, and an unfinished problem could not be picked
    # up again. A session now names its problem and its writer (so a later instance can end it
    # as interrupted once the writer is gone), how it ended, and the session it continues.
    Migration(7, "sessions: the problem drilled, the writing process, how it ended, what it resumes", (
        "ALTER TABLE sessions ADD COLUMN item TEXT",
        "ALTER TABLE sessions ADD COLUMN owner TEXT",
        "ALTER TABLE sessions ADD COLUMN outcome TEXT",
        "ALTER TABLE sessions ADD COLUMN resumes INTEGER REFERENCES sessions(id)",
        # A drill session has answered one problem: its first answer says which.
        """UPDATE sessions SET item =
               (SELECT item FROM answers WHERE answers.session = sessions.id ORDER BY id LIMIT 1)
           WHERE kind = 'drill'""",
        "CREATE INDEX sessions_open ON sessions(id) WHERE ended IS NULL",
        "CREATE INDEX sessions_item ON sessions(item, id)",
    )),
)

MIGRATIONS += (
    # The review queue read every card (10k) to keep the due ones. An index of (due, id) holds
    # all the queue reads of a card, so it reads the due ones alone, on the index; it serves
    # the stats' due counts as the due-date index it replaces did.
    Migration(8, "the review queue reads the due cards alone: a covering index of due date and id", (
        "CREATE INDEX cards_due_id ON cards(due, id)",
        "DROP INDEX cards_due",
    )),
)

def _review_in(row: str) -> str:
    return (f"INSERT INTO review_days (day, reviews) VALUES (substr({row}.at, 1, 10), 1) "
            "ON CONFLICT(day) DO UPDATE SET reviews = reviews + 1")


def _review_out(row: str) -> tuple[str, str]:
    return (f"UPDATE review_days SET reviews = reviews - 1 WHERE day IS substr({row}.at, 1, 10)",
            f"DELETE FROM review_days WHERE day IS substr({row}.at, 1, 10) AND reviews <= 0")


MIGRATIONS += (
    # Stats counted every try as an answer, so a wrong try put right lowered the accuracy. The
    # tallies are rebuilt with whether each answer is a first try (accuracy counts those; a
    # retry is not a new answer, and a retry put right is counted apart), and reviews are
    # tallied per day as they are written, so the streak reads a row per day instead of
    # scanning the review log.
    Migration(9, "tallies tell first tries from retries; reviews tallied per day for the streak", (
        "DROP TRIGGER answer_tallied",
        "DROP TRIGGER answer_untallied",
        "DROP TRIGGER answer_retallied",
        "DROP TABLE answer_tallies",  # and its indexes
        """CREATE TABLE answer_tallies (
               kind TEXT,
               grouping TEXT,
               topics TEXT,
               mistake TEXT,
               correct INTEGER,
               first INTEGER,
               count INTEGER NOT NULL)""",
        "CREATE INDEX answer_tallies_group ON answer_tallies(kind, grouping, topics, mistake, correct, first)",
        "CREATE INDEX answer_tallies_figures ON answer_tallies(kind, typeof(grouping) = 'text', topics, mistake, "
        "correct, first, count)",
        f"""INSERT INTO answer_tallies (kind, grouping, topics, mistake, correct, first, count)
               SELECT kind, {_group('')}, topics, mistake, correct, {first_try('')}, COUNT(*) FROM answers
               GROUP BY 1, 2, 3, 4, 5, 6""",
        f"""CREATE TRIGGER answer_tallied AFTER INSERT ON answers BEGIN
               {'; '.join(_count_in('NEW', first=True))};
           END""",
        f"""CREATE TRIGGER answer_untallied AFTER DELETE ON answers BEGIN
               {'; '.join(_count_out('OLD', first=True))};
           END""",
        f"""CREATE TRIGGER answer_retallied AFTER UPDATE OF kind, item, topics, mistake, correct, attempt ON answers
           BEGIN
               {'; '.join(_count_out('OLD', first=True) + _count_in('NEW', first=True))};
           END""",
        # A day is the first ten characters of the review's time, as the streak always read it.
        "CREATE TABLE review_days (day PRIMARY KEY, reviews INTEGER NOT NULL)",
        "INSERT INTO review_days (day, reviews) SELECT substr(at, 1, 10), COUNT(*) FROM review_log GROUP BY 1",
        f"""CREATE TRIGGER review_counted AFTER INSERT ON review_log BEGIN
               {_review_in('NEW')};
           END""",
        f"""CREATE TRIGGER review_uncounted AFTER DELETE ON review_log BEGIN
               {'; '.join(_review_out('OLD'))};
           END""",
        f"""CREATE TRIGGER review_recounted AFTER UPDATE OF at ON review_log BEGIN
               {'; '.join(_review_out('OLD') + (_review_in('NEW'),))};
           END""",
    )),
)

SCHEMA_VERSION = MIGRATIONS[-1].version

assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1)), "migrations out of order"


def pending(version: int) -> tuple[Migration, ...]:
    """The migrations a database at `version` still needs, in order."""
    return tuple(m for m in MIGRATIONS if m.version > version)


def migrate(connection: sqlite3.Connection) -> int:
    """Run the pending migrations in one write transaction (autocommit connection); the new version."""
    if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return SCHEMA_VERSION
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Another instance may have migrated while we waited for the write lock.
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for migration in pending(version):
            for statement in migration.statements:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {migration.version}")
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    return SCHEMA_VERSION
