"""stacked_rnn_forward returns only the top layer's states."""
# misconception: top layer only
import numpy as np


def stacked_rnn_forward(X, layers):
    states = X
    for layer in layers:
        states = rnn_forward(states, layer["U"], layer["W"], layer["b"])
    return [states]
