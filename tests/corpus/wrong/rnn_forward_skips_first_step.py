"""rnn_forward returns a list that leaves out h_0 (T - 1 states)."""
# misconception: h_0 left out
import numpy as np


def rnn_forward(X, U, W, b):
    h = rnn_step(X[0], None, U, W, b)
    states = []
    for t in range(1, len(X)):
        h = rnn_step(X[t], h, U, W, b)
        states.append(h)
    return states
