"""Child process for the crash and two-process tests: records answers, printing each id once committed.

Usage: python answer_writer.py DB_PATH COUNT TAG   (COUNT 0 = forever, until killed)
"""

from __future__ import annotations

import sys

from quizapp.progress.store import AnswerRecord, Store


def main() -> None:
    path, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = Store.open(path)
    session = store.start_session(f"drill-{tag}")
    print(f"session {session}", flush=True)
    index = 0
    while count == 0 or index < count:
        record = store.record_answer(AnswerRecord(
            item=f"chain2:sigmoid:d1#{index}", step="dL/dw1", typed=f"{tag}-{index}",
            verdict="wrong" if index % 3 else "correct", correct=index % 3 == 0, session=session,
            mistake="half_factor" if index % 3 else None, seconds=1.5))
        if index % 5 == 0:
            store.review("drill:chain2:d1", 1 + index % 4)
        print(record.id, flush=True)  # only after record_answer returned, i.e. committed
        index += 1
    store.end_session(session)


if __name__ == "__main__":
    main()
