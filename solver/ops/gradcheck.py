"""Gradient checking's two rules: the central difference and the relative error (CS231n's convention).

- `numeric.central`  n = (f(w + h) - f(w - h)) / (2h): error O(h²), where the one-sided
  (f(w + h) - f(w)) / h has O(h)
- `relative_error`   |a - n| / max(|a|, |n|): scale-free, so 1e-7 means the same for a gradient of 1e3
  as of 1e-3 (0 when both are 0)

Both are exact (rational in, rational out: abs and max keep Fractions), phase "backward": they
are the checking of a derivative, not an update. Built on call for the table to register, as
solver.ops.optim is.
"""

from __future__ import annotations


def central(f_plus, f_minus, h):
    return (f_plus - f_minus) / (2 * h)


def relative_error(a, n):
    scale = max(abs(a), abs(n))
    return abs(a - n) / scale if scale else abs(a - n)


def operations() -> tuple:
    from solver.ops.operation import OpMistake, Operation, Rule

    numeric = Operation(
        "numeric.central", ("f_plus", "f_minus", "h"),
        Rule(("f_plus", "f_minus", "h"), central, "({0} - {1}) / (2·{2})", "numeric_gradient", (
            OpMistake("central_difference_over_h", lambda v: (v["f_plus"] - v["f_minus"]) / v["h"]),
        )),
        {}, exact=True, phase="backward",
    )
    relative = Operation(
        "relative_error", ("a", "n"),
        Rule(("a", "n"), relative_error, "|{0} - {1}| / max(|{0}|, |{1}|)", "relative_error", (
            OpMistake("relative_error_denominator", lambda v: abs(v["a"] - v["n"]) / abs(v["a"]) if v["a"] else None),
            OpMistake("relative_error_denominator", lambda v: abs(v["a"] - v["n"])),
        )),
        {}, exact=True, phase="backward",
    )
    return (numeric, relative)
