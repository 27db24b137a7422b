"""The graph engine on graphs no family declares: validation, gradients meeting along several
paths, and every derived gradient against central finite differences of the derived loss."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.graph import Graph, Node, Update, trace
from solver.trace import solve_values

LABEL = ("标签", "label")


def _fan_out_graph(activation: str = "tanh") -> Graph:
    """x feeds three weighted sums chained by skip connections: its gradient arrives three ways."""
    nodes = (
        Node("u", "affine.scalar", (("W", "w1"), ("a", "x")), LABEL),
        Node("v", "affine.scalar", (("W", "w2"), ("a", "x"), ("skip", "u")), LABEL),
        Node("h", activation, (("z", "v"),), LABEL),
        Node("y", "affine.scalar", (("W", "w3"), ("a", "x"), ("skip", "h")), LABEL),
        Node("L", "half_sse", (("y", "y"), ("t", "t")), LABEL),
    )
    values = ("x", "u", "v", "h", "y", "w1", "w2", "w3", "t", "eta")
    return Graph(("x", "t", "eta", "w1", "w2", "w3"), nodes, "L", ("x", "w1", "w2", "w3"),
                 {name: () for name in values}, {name: (f"{name} 的梯度", f"gradient of {name}") for name in values},
                 tuple(Update(w, LABEL) for w in ("w1", "w2", "w3")))


def test_gradients_meeting_at_a_value_add_and_the_trace_says_so():
    template = trace(_fan_out_graph())
    ids = template.step_ids
    paths = [f"dL/dx_main{k}" for k in (1, 2, 3)]  # three paths of one kind: numbered, never one id
    assert list(template.spec("dL/dx").deps) == paths and ids.index("dL/dx") > max(map(ids.index, paths))
    assert template.spec("dL/dx_main2").label_en == "gradient of x (main path 2)"
    meeting = template.spec("dL/dx")
    assert meeting.kind == "sum_paths" and len(meeting.deps) == 3
    assert meeting.label_en == "gradient of x (3 paths added)" and meeting.label_zh.endswith("（3 条路径相加）")
    assert [m.id for m in meeting.mistakes] == ["dropped_skip_path"] * 3
    # u, v and h each feed one node: one step each, no sum
    assert template.spec("dL/du").kind == "skip" and "dL/du_main" not in ids


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-2, 2).map(lambda v: round(v, 2)), min_size=5, max_size=5),
       st.sampled_from(("tanh", "sigmoid", "softplus")))
def test_every_derived_gradient_matches_central_differences(numbers, activation):
    graph = _fan_out_graph(activation)
    given_values = dict(zip(("x", "t", "w1", "w2", "w3"), numbers), eta=0.5)
    template = trace(graph)
    values = solve_values(template, given_values)
    for name in graph.wrt:
        shifted = []
        for sign in (1, -1):
            moved = dict(given_values, **{name: given_values[name] + sign * 1e-6})
            shifted.append(solve_values(template, moved)["L"])
        assert np.isclose(values[f"dL/d{name}"], (shifted[0] - shifted[1]) / 2e-6, rtol=1e-5, atol=1e-7), name
        assert values[f"{name}_new"] == given_values[name] - 0.5 * values[f"dL/d{name}"] if name != "x" else True


def test_only_the_gradients_asked_for_and_what_leads_to_them_are_worked():
    graph = _fan_out_graph()
    narrow = Graph(graph.given, graph.nodes, "L", ("w3",), graph.shapes, graph.grad_labels)
    assert [s for s in trace(narrow).step_ids if s.startswith("dL/")] == ["dL/dy", "dL/dw3"]


@pytest.mark.parametrize("nodes, message", [
    ((Node("z", "no_such_op", (("z", "x"),), LABEL),), "no operation 'no_such_op'"),
    ((Node("z", "affine.dense", (("a", "x"),), LABEL),), r"missing inputs \['W'\]"),
    ((Node("z", "sigmoid", (("z", "q"),), LABEL),), r"uses \['q'\] before they exist"),
    ((Node("x", "sigmoid", (("z", "x"),), LABEL),), "defined twice"),
])
def test_a_malformed_graph_is_refused_with_what_is_wrong(nodes, message):
    with pytest.raises(ValueError, match=message):
        Graph(("x", "t"), nodes, nodes[-1].id, (), {}, {})


def test_softmax_cross_entropy_must_follow_a_softmax():
    nodes = (Node("a", "sigmoid", (("z", "x"),), LABEL), Node("L", "softmax_ce", (("y", "a"), ("t", "t")), LABEL))
    graph = Graph(("x", "t"), nodes, "L", ("x",), {"x": (2,), "a": (2,), "t": (2,)}, {"x": LABEL, "a": LABEL})
    with pytest.raises(ValueError, match="must follow a softmax"):
        trace(graph)
