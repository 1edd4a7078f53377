"""rnn_step uses the column-vector form W h_{t-1}, that is h_{t-1} W^T."""
# misconception: W h instead of h W
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    pre_activation = x_t @ U + b
    if h_prev is not None:
        pre_activation = pre_activation + (W @ h_prev.T).T
    return np.tanh(pre_activation)
