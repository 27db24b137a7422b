"""A small picture of a network: one column of units per layer, joined left to right."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

ACTIVATION_SYMBOLS = {
    "sigmoid": "σ",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "lReLU",
    "softplus": "soft+",
    "identity": "id",
    "softmax": "softmax",
}
LOSS_NAMES = {"half_sse": "½Σ(y-t)²", "mse": "MSE", "bce": "BCE", "softmax_ce": "CE"}


def _size(value) -> int:
    if isinstance(value, (int, float)):
        return 1
    if value and isinstance(value[0], list):
        return len(value)
    return len(value) if isinstance(value, list) else 1


def network_picture(network: dict) -> Text:
    """Columns of ○ (units) with the layer's activation beneath, ending at the loss."""
    layers = network.get("layers") or []
    sizes = [_size(network.get("x", 0))]
    captions = ["x"]
    for index, layer in enumerate(layers, start=1):
        weights = layer.get("W", 0)
        sizes.append(len(weights) if isinstance(weights, list) and weights and isinstance(weights[0], list) else 1)
        captions.append(ACTIVATION_SYMBOLS.get(layer.get("activation", ""), layer.get("activation", "?")))
    height = max(sizes)
    width = max(3, *(len(c) for c in captions))
    link, link_row = "──", height // 2
    lines = []
    for row in range(height):
        line = Text()
        for column, size in enumerate(sizes):
            # Centred on the row the links run along, so every column has a unit on it (a plain
            # (height - size) // 2 left a lone output unit above the links of a 2-2-1 network).
            offset = link_row - size // 2
            unit = "○" if offset <= row < offset + size else " "
            line.append(unit.center(width), style="bold" if unit != " " else "")
            if column < len(sizes) - 1:
                line.append(link if row == link_row else "  ", style="dim")
        if row == link_row:
            line.append("──▶ L", style="bold")
        lines.append(line)
    caption = Text()
    for column, text in enumerate(captions):
        caption.append(text.center(width), style="italic")
        if column < len(captions) - 1:
            caption.append("  ")
    caption.append("    " + LOSS_NAMES.get(network.get("loss", ""), str(network.get("loss", ""))), style="italic")
    lines.append(caption)
    if network.get("skip") is not None:
        lines.append(Text("⤷ skip: x → layer 2", style="italic dim"))
    return Text("\n").join(lines)


class NetworkDiagram(Static):
    DEFAULT_CSS = """
    NetworkDiagram {
        width: auto;
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, network: dict, **kwargs) -> None:
        super().__init__(network_picture(network), **kwargs)
