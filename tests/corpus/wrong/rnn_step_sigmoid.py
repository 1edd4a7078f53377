"""rnn_step uses the logistic sigmoid instead of tanh."""
# misconception: sigmoid instead of tanh
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    pre_activation = x_t @ U + b
    if h_prev is not None:
        pre_activation = pre_activation + h_prev @ W
    return 1 / (1 + np.exp(-pre_activation))
