"""Golden fixtures: the numbers every problem code names, pinned for good.

`golden.json` holds, for a few hundred codes (every family, difficulty and a spread of options
and seeds), the given values and the value of every step, as JSON (floats at full precision:
JSON writes a float's shortest repr, which reads back to the very same double).

The test compares exactly. When it fails, drawing or solving changed what an issued code
means, which we promised never to do: put the change in a new generator instead (see
solver/formats/codes.py). Only a deliberate, reviewed change to what generator 1 produces may rewrite
the file, by hand:

    .venv/bin/python -m tests.unit.solver.golden --update
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

GOLDEN_FILE = Path(__file__).with_name("golden.json")
SEEDS = (0, 1, 42)
DIFFICULTIES = (1, 2, 3)

# family -> option tuples: each activation and loss at least once, several shapes.
OPTIONS = {
    "chain2": [("identity",), ("sigmoid",), ("tanh",), ("relu",), ("leaky_relu",), ("softplus",)],
    "neuron": [("1", "sigmoid", "half_sse"), ("3", "sigmoid", "bce"), ("2", "relu", "mse"),
               ("3", "tanh", "half_sse"), ("2", "leaky_relu", "half_sse"), ("1", "softplus", "mse"),
               ("2", "identity", "half_sse")],
    "mlp": [("2-3-1", "sigmoid", "half_sse"), ("2-2-2", "sigmoid", "half_sse"), ("2-2-1", "relu", "mse"),
            ("3-2-2", "tanh", "half_sse"), ("2-2-1", "sigmoid", "bce"), ("2-3-1", "leaky_relu", "half_sse"),
            ("2-2-2-1", "softplus", "half_sse")],
    "softmax-ce": [("2-2-3", "sigmoid"), ("2-3", "relu"), ("3-2-2", "tanh")],
    "residual": [("1", "relu"), ("2", "relu"), ("3", "tanh"), ("2", "leaky_relu")],
    "deep-chain": [("3", "sigmoid"), ("5", "tanh"), ("8", "sigmoid")],
    "gd": [("quadratic", "3"), ("linreg", "2"), ("quadratic", "6")],
    "activation-derivative": [(name,) for name in
                              ("identity", "sigmoid", "tanh", "softplus", "relu", "leaky_relu", "sgn")],
    "optimizer": [("momentum", "3", "weight"), ("rmsprop", "2", "weight"), ("adam", "2", "weight"),
                  ("adam_l2", "2", "weight"), ("adamw", "3", "weight"), ("momentum", "2", "chain2"),
                  ("adam", "2", "chain2"), ("adamw", "2", "chain2")],
    "conv": [("2d", "0", "1"), ("2d", "1", "1"), ("1d", "0", "1"), ("1d", "1", "2")],
    "pool": [("max", "2d", "2"), ("max", "2d", "1"), ("avg", "2d", "2"), ("max", "1d", "1"), ("avg", "1d", "2")],
    "rnn": [("3", "1", "mixed"), ("2", "2", "mixed"), ("3", "1", "vanishing"), ("3", "2", "exploding")],
    "attention": [("2", "2"), ("3", "2"), ("2", "3")],
    "batch-mlp": [("2", "2-2-1", "relu", "half_sse"), ("3", "2-3-2", "tanh", "mse"), ("4", "2-2-1", "sigmoid", "bce")],
    "normalisation": [("batch", "3", "1"), ("batch", "4", "2"), ("layer", "1", "3"), ("layer", "3", "4")],
    "softmax-jacobian": [("softmax", "2", "3"), ("softmax", "1", "2"), ("sigmoid", "3", "1")],
    "regularisation": [("l2", "2-2-1", "relu"), ("l2", "3-2-2", "sigmoid"), ("dropout", "2-3-1", "relu"),
                       ("dropout", "2-2-1", "tanh")],
    "gradcheck": [("smooth",), ("kink",)],
    "gates": [(pattern,) for pattern in ("mixed", "add", "multiply", "max", "fanout")],
}
# The largest seed too: seeds are 64-bit, and the mixing must not lose their top bits.
EXTRA_CODES = ("mlp:2-3-1:sigmoid:half_sse:d2#9223372036854775807", "chain2:sigmoid:d1#9223372036854775807")
# The families with a generator 2 (it draws again where generator 1 showed rounding dust of an
# exact 0): their codes at g2 over the same options, and codes whose g1 draw was dusty, at g1
# (whose numbers stay as they were) and at g2.
GENERATOR_2 = ("neuron", "mlp", "softmax-ce", "residual", "optimizer", "softmax-jacobian")
ONCE_DUSTY = ("softmax-ce:2-2-3:sigmoid:d1#2", "softmax-ce:3-2-2:tanh:d1#1", "residual:2:relu:d3#18",
              "residual:2:relu:d3#116", "mlp:2-3-1:sigmoid:half_sse:d3#53", "neuron:3:tanh:half_sse:d3#84",
              "optimizer:momentum:3:weight:d3#4", "optimizer:adam:2:chain2:d1#2", "softmax-jacobian:softmax:2:3:d3#53")


def with_generator(code: str, generator: int) -> str:
    body, seed = code.split("#")
    return f"{body}:g{generator}#{seed}"


def golden_codes() -> list[str]:
    codes = [
        f"{family}:{':'.join(options)}:d{difficulty}#{seed}"
        for family, choices in OPTIONS.items() for options in choices
        for difficulty in DIFFICULTIES for seed in SEEDS
    ]
    later = [
        f"{family}:{':'.join(options)}:d{difficulty}:g2#{seed}"
        for family in GENERATOR_2 for options in OPTIONS[family]
        for difficulty in DIFFICULTIES for seed in SEEDS
    ]
    dusty = [code for once in ONCE_DUSTY for code in (once, with_generator(once, 2))]
    return list(dict.fromkeys(codes + list(EXTRA_CODES) + later + dusty))


def plain(value):
    """A value as JSON holds it: floats, nested lists, None, or text (a symbolic derivative)."""
    if value is None or isinstance(value, str):
        return value
    array = np.asarray(value, dtype=float)
    return float(array) if array.ndim == 0 else array.tolist()


def record(problem) -> dict:
    return {
        "given": {name: plain(value) for name, value in sorted(problem.given.items())},
        "steps": {step_id: plain(problem.values[step_id]) for step_id in problem.template.step_ids},
    }


def encode(entry: dict) -> str:
    # json writes a float as its shortest repr and keeps -0.0: equal text is equal doubles.
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, allow_nan=False)


def load() -> dict[str, dict]:
    return json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))


def compute() -> dict[str, dict]:
    from solver.generate import problem_from_code

    return {code: record(problem_from_code(code)) for code in golden_codes()}


def write(entries: dict[str, dict]) -> None:
    # One code a line: a change shows in a diff as the codes it touches.
    lines = [f"{json.dumps(code)}: {encode(entry)}" for code, entry in entries.items()]
    GOLDEN_FILE.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
