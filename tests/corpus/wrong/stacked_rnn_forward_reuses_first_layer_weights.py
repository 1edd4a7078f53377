"""stacked_rnn_forward uses the first layer's W and b in every layer."""
# misconception: layer 0's W and b in every layer
import numpy as np


def stacked_rnn_forward(X, layers):
    states = []
    layer_input = X
    for layer in layers:
        layer_input = rnn_forward(layer_input, layer["U"], layers[0]["W"], layers[0]["b"])
        states.append(layer_input)
    return states
