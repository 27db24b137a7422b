"""What the learner has done and what comes next: the SQLite store, its schema and migrations,
FSRS scheduling, the figures drawn from the answers, and the clock they all read.

Nothing here knows about screens or commands; both front ends reach progress through `Store`
(or `GuardedStore`, which keeps answers in memory when the disk fails).
"""
