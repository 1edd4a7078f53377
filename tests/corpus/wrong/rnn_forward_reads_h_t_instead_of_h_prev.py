"""rnn_forward reads Hs[t] (still zeros) instead of Hs[t-1] as the previous state."""
# misconception: no recurrence
import numpy as np


def rnn_forward(X, U, W, b):
    T, N, _ = X.shape
    Hs = np.zeros((T, N, W.shape[0]))
    for t in range(T):
        Hs[t] = rnn_step(X[t], Hs[t] if t > 0 else None, U, W, b)
    return Hs
