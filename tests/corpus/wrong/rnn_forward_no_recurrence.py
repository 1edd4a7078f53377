"""rnn_forward never feeds h_{t-1} into step t (every step starts from None)."""
# misconception: no recurrence
import numpy as np


def rnn_forward(X, U, W, b):
    return np.stack([rnn_step(x_t, None, U, W, b) for x_t in X])
