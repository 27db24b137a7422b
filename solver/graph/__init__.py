"""Problems as graphs of operations (`Graph`, `Node`), and their step traces derived (`trace`)."""

from solver.graph.graph import Graph, Node, Update, Words
from solver.graph.steps import grad, pretty, trace

__all__ = ["Graph", "Node", "Update", "Words", "grad", "pretty", "trace"]
