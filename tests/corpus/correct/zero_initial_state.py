"""A zero initial state instead of None, and a backward pass that pads the previous states with it."""
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    if h_prev is None:
        h_prev = np.zeros((x_t.shape[0], W.shape[0]))
    return np.tanh(h_prev @ W + x_t @ U + b)


def rnn_forward(X, U, W, b):
    T, N, _ = X.shape
    Hs = np.zeros((T, N, W.shape[0]))
    h = np.zeros((N, W.shape[0]))
    for t in range(T):
        h = rnn_step(X[t], h, U, W, b)
        Hs[t] = h
    return Hs


def bptt(X, Y, params, task):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    H_prev = np.concatenate([np.zeros_like(Hs[:1]), Hs[:-1]])   # h_{-1} = 0
    Y_hat = regression_head(Hs, V, c)
    if task == "regression":
        dZ = Y_hat - Y
    else:
        dZ = softmax(Y_hat) - np.eye(V.shape[1])[Y]
    grads = {key: np.zeros(value.shape) for key, value in params.items()}
    dh_next = np.zeros_like(Hs[0])
    for t in reversed(range(len(X))):
        da = (dZ[t] @ V.T + dh_next) * (1 - Hs[t] ** 2)
        grads["U"] += X[t].T @ da
        grads["W"] += H_prev[t].T @ da
        grads["b"] += da.sum(axis=0)
        grads["V"] += Hs[t].T @ dZ[t]
        grads["c"] += dZ[t].sum(axis=0)
        dh_next = da @ W.T
    return grads
