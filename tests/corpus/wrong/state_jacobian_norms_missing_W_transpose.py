"""state_jacobian_norms uses W instead of W^T in the step Jacobian."""
# misconception: W instead of W^T backwards
import numpy as np


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.empty((T, N))
    jacobian = np.broadcast_to(np.eye(H), (N, H, H))
    for t in reversed(range(T)):
        norms[t] = np.linalg.norm(jacobian, axis=(1, 2))
        step = (1 - Hs[t] ** 2)[:, :, None] * W
        jacobian = jacobian @ step
    return norms
