"""BPTT that first stores the list of every dL/dh_t, and Jacobian norms built as explicit per-sequence matrix products."""
import numpy as np


def bptt(X, Y, params, task):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    T = X.shape[0]
    Hs = rnn_forward(X, U, W, b)
    if task == "regression":
        dZ = regression_head(Hs, V, c) - Y
    else:
        dZ = classification_head(Hs, V, c) - np.eye(V.shape[1])[Y]

    # dL/dh_t = dZ_t V^T + (dL/dh_{t+1} * tanh'(a_{t+1})) W^T, from the last step back.
    dh = [None] * T
    dh[T - 1] = dZ[T - 1] @ V.T
    for t in range(T - 2, -1, -1):
        dh[t] = dZ[t] @ V.T + (dh[t + 1] * (1 - Hs[t + 1] ** 2)) @ W.T
    da = [dh[t] * (1 - Hs[t] ** 2) for t in range(T)]

    return {
        "U": sum(X[t].T @ da[t] for t in range(T)),
        "W": sum((Hs[t - 1].T @ da[t] for t in range(1, T)), np.zeros_like(W)),
        "b": sum(da[t].sum(axis=0) for t in range(T)),
        "V": sum(Hs[t].T @ dZ[t] for t in range(T)),
        "c": sum(dZ[t].sum(axis=0) for t in range(T)),
    }


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.zeros((T, N))
    for n in range(N):
        for t in range(T):
            # column form: d h_s / d h_{s-1} = diag(1 - h_s^2) W^T, chained for s = t+1 .. T-1
            jacobian = np.eye(H)
            for s in range(t + 1, T):
                jacobian = np.diag(1 - Hs[s, n] ** 2) @ W.T @ jacobian
            norms[t, n] = np.sqrt(np.sum(jacobian ** 2))
    return norms
