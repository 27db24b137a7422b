"""Answer parsing latency: our safe parser against Python's own number reading, in the same run.

Numeric answers are compared with `float(text)` (what a parser with no checks would cost);
symbolic answers with building the same SymPy expression by hand from Python objects; hostile
inputs are timed to show that refusals stay as cheap as answers. Median and p99 per answer.
"""

from __future__ import annotations

import statistics
import time

NUMERIC = ["0.25", "-1.5e-3", "3/4", "0.7311", "-0.19661193", "1.2345678901234567", "2^-3", "[0.1, -0.2, 0.3]"]
SYMBOLIC = ["sigmoid(z)*(1 - sigmoid(z))", "1 - tanh(z)^2", "exp(z)/(1 + exp(z))", "max(z, 0)", "2*w*x + b"]
HOSTILE = ["9^9^9^9", "1e999999", "(" * 400, "__import__('os')", "x" * 499, "sigmoid(" * 60]
ROUNDS = 400


def _latencies(function, inputs, rounds: int = ROUNDS) -> list[float]:
    samples = []
    for _ in range(rounds):
        for text in inputs:
            start = time.perf_counter()
            function(text)
            samples.append(time.perf_counter() - start)
    return samples


def _summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1e6, ordered[int(0.99 * (len(ordered) - 1))] * 1e6


def _hand_built(text: str, symbols: dict):
    import sympy as sp

    z, w, x, b = symbols["z"], symbols["w"], symbols["x"], symbols["b"]
    s = 1 / (1 + sp.exp(-z))
    return {
        SYMBOLIC[0]: lambda: s * (1 - s),
        SYMBOLIC[1]: lambda: 1 - sp.tanh(z) ** 2,
        SYMBOLIC[2]: lambda: sp.exp(z) / (1 + sp.exp(z)),
        SYMBOLIC[3]: lambda: sp.Max(z, 0),
        SYMBOLIC[4]: lambda: 2 * w * x + b,
    }[text]()


def main() -> None:
    import sympy as sp

    from solver.parsing.parser import ParseError, parse_answer

    def parse_quietly(text: str):
        try:
            return parse_answer(text, ["z", "w", "x", "b"])
        except ParseError:
            return None

    def float_or_none(text: str):
        try:
            return float(text)
        except ValueError:
            return None

    symbols = {name: sp.Symbol(name, real=True) for name in "zwxb"}
    parse_quietly(SYMBOLIC[0])  # warm SymPy's caches the same way for both sides
    rows = [
        ("numeric", _latencies(parse_quietly, NUMERIC), _latencies(float_or_none, NUMERIC)),
        ("symbolic", _latencies(parse_quietly, SYMBOLIC, ROUNDS // 4),
         _latencies(lambda t: _hand_built(t, symbols), SYMBOLIC, ROUNDS // 4)),
        ("hostile (refused)", _latencies(parse_quietly, HOSTILE, ROUNDS // 4), _latencies(float_or_none, HOSTILE)),
    ]
    print(f"{'answers':<18} {'median µs':>10} {'p99 µs':>10} {'baseline median µs':>19} {'ratio':>8}")
    for name, ours, baseline in rows:
        median, p99 = _summary(ours)
        base_median, _ = _summary(baseline)
        print(f"{name:<18} {median:>10.1f} {p99:>10.1f} {base_median:>19.2f} {median / base_median:>7.0f}x")


if __name__ == "__main__":
    main()
