"""rnn_forward allocates its state buffer with np.zeros_like(X), which is only right when D == H."""
# misconception: buffer shaped like X
import numpy as np


def rnn_forward(X, U, W, b):
    Hs = np.zeros_like(X, dtype=float)
    h = None
    for t in range(len(X)):
        h = rnn_step(X[t], h, U, W, b)
        Hs[t] = h
    return Hs
