"""state_jacobian_norms estimates each Frobenius norm with random probe vectors, so it is approximate and changes from call to call."""
# misconception: norms estimated with random probes
import numpy as np


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.empty((T, N))
    probes = np.random.randn(N, 64, H)              # E ||J^T v||^2 = ||J||_F^2 for v ~ N(0, I)
    for t in reversed(range(T)):
        norms[t] = np.sqrt(np.mean(np.sum(probes ** 2, axis=-1), axis=-1))
        step = (1 - Hs[t] ** 2)[:, :, None] * W.T
        probes = probes @ step
    return norms
