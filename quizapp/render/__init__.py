"""How results read, for both front ends: Rich renderables and words that `quizapp` commands
print and the app's screens show (worked solution, progress figures, verdict marks and words).

Nothing here reads input or touches the store: callers hand in a Problem, the figures, a verdict.
"""
