"""Plots hidden states with matplotlib at the top level of the file, as a script exported from a notebook does."""
import matplotlib.pyplot as plt
import numpy as np


def rnn_forward(X, U, W, b):
    h = None
    states = []
    for x_t in X:
        h = rnn_step(x_t, h, U, W, b)
        states.append(h)
    return np.stack(states)


figure, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
states = rnn_forward(np.ones((6, 1, 2)), np.ones((2, 3)), 0.5 * np.eye(3), np.zeros(3))
left.plot(states[:, 0, :])
left.set(xlabel="t", title="hidden states")
right.imshow(states[:, 0, :].T, aspect="auto")
plt.show()
