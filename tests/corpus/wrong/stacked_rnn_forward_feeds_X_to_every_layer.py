"""stacked_rnn_forward feeds X to every layer instead of the states of the layer below."""
# misconception: X fed to every layer
import numpy as np


def stacked_rnn_forward(X, layers):
    return [rnn_forward(X, layer["U"], layer["W"], layer["b"]) for layer in layers]
