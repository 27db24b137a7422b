"""Problems from an expression the learner gives (`--expr TEXT --at VALUES`), for solve, drill and check.

No command of its own: `solve` (and the drill and check commands) take `--expr/--at` and call
`problem_from_expression`, which turns every refusal into a UserError (message in English, then
Chinese), so a typo in an expression never shows a traceback.
"""

from __future__ import annotations

from quizapp.errors import UserError


def problem_from_expression(text: str | None, at: str | None):
    """The solved Problem of `text` at the point `at`, or a UserError saying what is wrong."""
    from solver.expression import ExpressionError, expression_problem

    if not text or not text.strip():
        raise UserError("--expr is empty: give an expression, e.g. --expr \"(x+y)*z\" --at \"x=-2, y=5, z=-4\"")
    if at is None:
        raise UserError("--expr needs --at with a value for every variable, e.g. --at \"x=-2, y=5, z=-4\"")
    try:
        return expression_problem(text, at)
    except ExpressionError as error:
        raise UserError(f"{error.message_en}\n{error.message_zh}") from None


COMMANDS: list = []
