"""rnn_step multiplies by U^T (column-vector habit), which only runs at all when U is square."""
# misconception: U x instead of x U
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    pre_activation = (U @ x_t.T).T + b
    if h_prev is not None:
        pre_activation = pre_activation + h_prev @ W
    return np.tanh(pre_activation)
