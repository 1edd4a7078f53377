"""rnn_forward starts from a fresh random initial state on every call, so it is not deterministic."""
# misconception: random initial state
import numpy as np


def rnn_forward(X, U, W, b):
    h = np.random.randn(X.shape[1], W.shape[0]) * 0.01
    states = []
    for x_t in X:
        h = rnn_step(x_t, h, U, W, b)
        states.append(h)
    return np.stack(states)
