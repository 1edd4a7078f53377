"""rnn_step uses ReLU instead of tanh."""
# misconception: ReLU instead of tanh
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    pre_activation = x_t @ U + b
    if h_prev is not None:
        pre_activation = pre_activation + h_prev @ W
    return np.maximum(pre_activation, 0)
