"""cross_entropy_loss reads the label of (t, n) at labels[n, t]."""
# misconception: labels read transposed
import numpy as np


def cross_entropy_loss(P, labels):
    T, N, _ = P.shape
    loss = 0.0
    for t in range(T):
        for n in range(N):
            loss -= np.log(P[t, n, labels[n, t]])
    return float(loss)
