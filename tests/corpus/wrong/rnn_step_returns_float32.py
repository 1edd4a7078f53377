"""rnn_step casts its result to float32 to save memory."""
# misconception: float32 values
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    pre_activation = x_t @ U + b
    if h_prev is not None:
        pre_activation = pre_activation + h_prev @ W
    return np.tanh(pre_activation).astype(np.float32)
