"""Problems as graphs of operations (`Graph`, `Node`), and their step traces derived (`trace`)."""

from solver.graph.graph import Graph, Node, Repeat, Update, Words
from solver.graph.steps import grad, pretty, trace

__all__ = ["Graph", "Node", "Repeat", "Update", "Words", "grad", "pretty", "trace"]
