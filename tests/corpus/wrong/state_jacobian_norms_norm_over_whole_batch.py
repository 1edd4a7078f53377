"""state_jacobian_norms takes one norm over the whole batch of Jacobians instead of one per sequence."""
# misconception: one norm for the whole batch
import numpy as np


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.empty((T, N))
    jacobian = np.broadcast_to(np.eye(H), (N, H, H))
    for t in reversed(range(T)):
        norms[t] = np.linalg.norm(jacobian)
        step = (1 - Hs[t] ** 2)[:, :, None] * W.T
        jacobian = jacobian @ step
    return norms
