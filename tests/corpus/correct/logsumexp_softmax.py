"""softmax and the many-to-one loss written with log-sum-exp."""
import numpy as np


def log_softmax(Z):
    m = Z.max(axis=-1, keepdims=True)
    return Z - m - np.log(np.exp(Z - m).sum(axis=-1, keepdims=True))


def softmax(Z):
    return np.exp(log_softmax(Z))


def many_to_one_loss_and_grads(X, labels, params):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    log_P = log_softmax(Hs[-1] @ V + c)
    loss = -log_P[np.arange(len(labels)), labels].sum()
    dZ = np.exp(log_P)
    dZ[np.arange(len(labels)), labels] -= 1
    grads = {"U": np.zeros_like(U), "W": np.zeros_like(W), "b": np.zeros_like(b),
             "V": Hs[-1].T @ dZ, "c": dZ.sum(axis=0)}
    dH = dZ @ V.T
    for t in reversed(range(len(X))):
        dA = dH * (1 - Hs[t] ** 2)
        grads["U"] += X[t].T @ dA
        grads["b"] += dA.sum(axis=0)
        if t > 0:
            grads["W"] += Hs[t - 1].T @ dA
        dH = dA @ W.T
    return loss, grads
