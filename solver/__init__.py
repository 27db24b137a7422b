"""Pure math for quizapp; no UI and no I/O: callers pass values in and get values back.

Read it in this order:
- ops/       the operation table: each operation's forward rule beside its gradients, formulas, mistakes
- graph/     a problem as a graph of those operations, and its step trace derived (docs/engine.md)
- network.py every network problem declared as such a graph; expression.py a learner's own expression
- families/  the problem families: options and hand-friendly draws
- trace.py   templates, solving, the worked steps; fmt.py the one number formatter
- parsing/   reading formulas (our own whitelisting parser); grading/ checking answers, named mistakes
- formats/   problem codes and network files; generate.py codes to problems, one or a batch
"""
