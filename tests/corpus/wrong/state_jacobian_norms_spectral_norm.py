"""state_jacobian_norms takes the spectral norm (largest singular value) instead of the Frobenius norm."""
# misconception: spectral norm instead of Frobenius
import numpy as np


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.empty((T, N))
    jacobian = np.broadcast_to(np.eye(H), (N, H, H))
    for t in reversed(range(T)):
        norms[t] = np.linalg.norm(jacobian, ord=2, axis=(1, 2))
        step = (1 - Hs[t] ** 2)[:, :, None] * W.T
        jacobian = jacobian @ step
    return norms
