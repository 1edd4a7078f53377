"""state_jacobian_norms records each norm after multiplying by the step Jacobian, one step too far."""
# misconception: norm recorded one step late
import numpy as np


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.empty((T, N))
    jacobian = np.broadcast_to(np.eye(H), (N, H, H))
    for t in reversed(range(T)):
        step = (1 - Hs[t] ** 2)[:, :, None] * W.T
        jacobian = jacobian @ step
        norms[t] = np.linalg.norm(jacobian, axis=(1, 2))
    return norms
