"""The layer types a network is made of, by the name a network file gives them (`"type"`).

Each type is one module (solver/layers/<type>.py) holding one `Layer` subclass; see
solver/layers/base.py for what it says and docs/network-files.md for the file format.
Adding a type is adding its module and one line below.
"""

from solver.layers.base import Layer, LayerInput, LayerScope, Param, plain, shape_words
from solver.layers.attention import AttentionLayer
from solver.layers.dense import DENSE, DOT, SCALAR, LayerShape
from solver.layers.dropout import Dropout
from solver.layers.norm import BatchNorm, LayerNorm
from solver.layers.recurrent import RNNLayer
from solver.layers.spatial import AvgPool, Conv1d, Conv2d, Flatten, MaxPool

LAYER_TYPES: dict[str, type[Layer]] = {
    layer.type: layer for layer in (
        LayerShape,
        BatchNorm,
        LayerNorm,
        Dropout,
        Conv1d, Conv2d, MaxPool, AvgPool, Flatten, RNNLayer, AttentionLayer,
    )
}

__all__ = ["DENSE", "DOT", "LAYER_TYPES", "Layer", "LayerInput", "LayerScope", "LayerShape", "Param", "SCALAR",
           "plain", "shape_words"]
