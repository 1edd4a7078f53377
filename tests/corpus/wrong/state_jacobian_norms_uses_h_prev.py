"""state_jacobian_norms uses h_{t-1} instead of h_t in the tanh derivative of step t."""
# misconception: tanh derivative of the previous state
import numpy as np


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.empty((T, N))
    jacobian = np.broadcast_to(np.eye(H), (N, H, H))
    for t in reversed(range(T)):
        norms[t] = np.linalg.norm(jacobian, axis=(1, 2))
        step = (1 - Hs[t - 1] ** 2)[:, :, None] * W.T
        jacobian = jacobian @ step
    return norms
