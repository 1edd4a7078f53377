"""rnn_step treats a missing previous state as all ones, adding a recurrent term at t = 0."""
# misconception: a recurrent term at t = 0
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    if h_prev is None:
        h_prev = np.ones((x_t.shape[0], W.shape[0]))
    return np.tanh(h_prev @ W + x_t @ U + b)
