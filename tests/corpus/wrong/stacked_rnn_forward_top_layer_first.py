"""stacked_rnn_forward lists the layers' states top first instead of bottom first."""
# misconception: layers top first
import numpy as np


def stacked_rnn_forward(X, layers):
    states = []
    layer_input = X
    for layer in layers:
        layer_input = rnn_forward(layer_input, layer["U"], layer["W"], layer["b"])
        states.insert(0, layer_input)
    return states
