"""Pure math for quizapp: problem families, step traces, answer parsing and grading.

No UI and no I/O here: callers pass values in and get values back.
"""
