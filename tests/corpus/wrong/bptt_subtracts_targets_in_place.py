"""bptt computes the regression error in place into the caller's Y."""
# misconception: modifies its arguments
import numpy as np


def bptt(X, Y, params, task):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    logits = Hs @ V + c
    if task == "regression":
        dZ = np.subtract(logits, Y, out=Y)
    elif task == "classification":
        dZ = softmax(logits) - np.eye(V.shape[1])[Y]
    else:
        raise ValueError(f"unknown task {task!r}")

    grads = {
        "U": np.zeros_like(U), "W": np.zeros_like(W), "b": np.zeros_like(b),
        "V": np.einsum("tnh,tnk->hk", Hs, dZ),
        "c": dZ.sum(axis=(0, 1)),
    }
    dA_next = np.zeros_like(Hs[0])
    for t in reversed(range(len(X))):
        dH = dZ[t] @ V.T + dA_next @ W.T
        dA = dH * (1 - Hs[t] ** 2)
        grads["U"] += X[t].T @ dA
        grads["b"] += dA.sum(axis=0)
        if t > 0:
            grads["W"] += Hs[t - 1].T @ dA
        dA_next = dA
    return grads
