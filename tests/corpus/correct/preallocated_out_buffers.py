"""In-place arithmetic (out= and augmented assignment) into the functions' own fresh buffers, never into an argument."""
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    h = x_t @ U
    h += b
    if h_prev is not None:
        h += h_prev @ W
    np.tanh(h, out=h)
    return h


def rnn_forward(X, U, W, b):
    Hs = np.empty((X.shape[0], X.shape[1], W.shape[0]))
    for t in range(X.shape[0]):
        Hs[t] = rnn_step(X[t], Hs[t - 1] if t > 0 else None, U, W, b)
    return Hs


def softmax(Z):
    P = Z - Z.max(axis=-1, keepdims=True)
    np.exp(P, out=P)
    P /= P.sum(axis=-1, keepdims=True)
    return P


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.empty((T, N))
    jacobian = np.repeat(np.eye(H)[None], N, axis=0)
    for t in range(T - 1, -1, -1):
        singular_values = np.linalg.svd(jacobian, compute_uv=False)
        norms[t] = np.sqrt((singular_values ** 2).sum(axis=-1))   # Frobenius = l2 of the singular values
        jacobian = jacobian @ ((1 - Hs[t] ** 2)[:, :, None] * W.T)
    return norms
