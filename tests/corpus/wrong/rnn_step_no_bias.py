"""rnn_step forgets the hidden bias b."""
# misconception: no hidden bias
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    pre_activation = x_t @ U
    if h_prev is not None:
        pre_activation = pre_activation + h_prev @ W
    return np.tanh(pre_activation)
