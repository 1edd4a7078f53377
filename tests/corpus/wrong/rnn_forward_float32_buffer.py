"""rnn_forward stores the states in a float32 buffer."""
# misconception: float32 values
import numpy as np


def rnn_forward(X, U, W, b):
    T, N, _ = X.shape
    Hs = np.zeros((T, N, W.shape[0]), dtype=np.float32)
    h = None
    for t in range(T):
        h = rnn_step(X[t], h, U, W, b)
        Hs[t] = h
    return Hs
