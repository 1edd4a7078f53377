"""state_jacobian_norms measures d h_t / d h_0 (forward from the first state) instead of d h_{T-1} / d h_t."""
# misconception: Jacobians from the first state
import numpy as np


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.empty((T, N))
    jacobian = np.broadcast_to(np.eye(H), (N, H, H))
    for t in range(T):
        if t > 0:
            jacobian = ((1 - Hs[t] ** 2)[:, :, None] * W.T) @ jacobian
        norms[t] = np.linalg.norm(jacobian, axis=(1, 2))
    return norms
