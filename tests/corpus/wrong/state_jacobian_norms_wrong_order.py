"""state_jacobian_norms multiplies the step Jacobians in the wrong order."""
# misconception: Jacobians multiplied in the wrong order
import numpy as np


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.empty((T, N))
    jacobian = np.broadcast_to(np.eye(H), (N, H, H))
    for t in reversed(range(T)):
        norms[t] = np.linalg.norm(jacobian, axis=(1, 2))
        step = (1 - Hs[t] ** 2)[:, :, None] * W.T
        jacobian = step @ jacobian
    return norms
