"""The small network picture on the drill screen."""

from __future__ import annotations

import pytest

from quizapp.widgets.diagram import network_picture


def _network(sizes):
    layers = [{"W": [[0.0] * n_in for _ in range(n_out)], "activation": "sigmoid"}
              for n_in, n_out in zip(sizes, sizes[1:])]
    return {"x": [0.0] * sizes[0], "layers": layers, "loss": "half_sse"}


@pytest.mark.parametrize("sizes", [(2, 2, 1), (2, 3, 1), (3, 3, 3), (2, 4, 2, 1), (1, 2, 1), (4, 1)])
def test_every_layer_has_a_unit_on_the_row_the_links_run_along(sizes):
    rows = network_picture(_network(sizes)).plain.split("\n")
    units = rows[:max(sizes)]
    link_row = next(row for row in units if "──▶ L" in row)
    assert link_row.count("○") == len(sizes)
    assert sum(row.count("○") for row in units) == sum(sizes)  # and no unit drawn twice or lost
