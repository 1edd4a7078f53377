"""rnn_step adds the bias b twice when there is a previous state (once with each product)."""
# misconception: bias added twice
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    pre_activation = x_t @ U + b
    if h_prev is not None:
        pre_activation = pre_activation + (h_prev @ W + b)
    return np.tanh(pre_activation)
