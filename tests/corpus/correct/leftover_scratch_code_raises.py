"""Scratch code left at the bottom of the file raises when the file runs; every function is defined above it, so all of them count (as in Jupyter and under Otter)."""
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    recurrent = 0.0 if h_prev is None else h_prev @ W
    return np.tanh(recurrent + x_t @ U + b)


# Trying rnn_step by hand with the shapes mixed up: this line raises a ValueError.
h = rnn_step(np.ones(3), None, np.ones((4, 5)), np.eye(5), np.zeros(5))
print("h:", h)
