"""rnn_step computes the new state in place into the passed h_prev array."""
# misconception: modifies its arguments
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    if h_prev is None:
        return np.tanh(x_t @ U + b)
    h_prev[...] = h_prev @ W
    h_prev += x_t @ U + b
    np.tanh(h_prev, out=h_prev)
    return h_prev
