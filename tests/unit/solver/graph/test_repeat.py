"""A repeated graph (gd): each iteration's gradient and update read what the one before updated."""

from __future__ import annotations

import pytest

from solver.graph import Graph, Node, Repeat, Update, trace
from solver.trace import solve_values


def descent(times: int, forward: bool = False) -> Graph:
    return Graph(
        given=("w", "eta", "x", "t"),
        nodes=(Node("L", "objective.linreg", (("w", "w"), ("x", "x"), ("t", "t")), ("损失", "loss")),),
        loss="L", wrt=("w",), shapes={"w": (), "eta": (), "x": (), "t": (), "L": ()},
        grad_labels={"w": ("第{k}步的梯度", "gradient {k} at w{prev}")},
        updates=(Update("w", ("第{k}步后的 w", "w after {k}")),),
        repeat=Repeat(times, {"w": "w{prev}", "w_new": "w{k}", "dL/dw": "g{k}", "L": "L{k}"}, forward=forward),
    )


@pytest.mark.parametrize("forward", [False, True])
def test_iterations_chain_and_match_a_hand_written_loop(forward):
    template = trace(descent(3, forward))
    expected = [*(["L1"] if forward else []), "g1", "w1", *(["L2"] if forward else []), "g2", "w2",
                *(["L3"] if forward else []), "g3", "w3"]
    assert template.step_ids == tuple(expected)
    assert template.given == ("w0", "eta", "x", "t") and not template.phase_headings
    assert template.spec("g2").deps == ("w1", "x", "t") and template.spec("w3").deps == ("w2", "eta", "g3")
    assert template.spec("g3").label_en == "gradient 3 at w2"
    values = solve_values(template, {"w0": 2.0, "eta": 0.25, "x": 1.0, "t": -1.0})
    w = 2.0
    for k in (1, 2, 3):
        g = (w * 1.0 + 1.0) * 1.0
        assert values[f"g{k}"] == g
        w = w - 0.25 * g
        assert values[f"w{k}"] == w


def test_the_named_mistakes_follow_the_iteration():
    template = trace(descent(2))
    values = solve_values(template, {"w0": 2.0, "eta": 0.5, "x": 2.0, "t": 1.0})
    by_id = {m.id: m.compute(values) for m in template.spec("w2").mistakes}
    assert by_id["update_sign"] == values["w1"] + 0.5 * values["g2"]
    assert by_id["forgot_learning_rate"] == values["w1"] - values["g2"]
    swapped = [m.compute(values) for m in template.spec("g2").mistakes if m.id == "weight_for_input"]
    assert swapped == [(values["w1"] * 2.0 - 1.0) * values["w1"]]
