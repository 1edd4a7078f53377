"""bptt accumulates its gradients in a collections.defaultdict and returns it as is."""
from collections import defaultdict

import numpy as np


def bptt(X, Y, params, task):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    logits = Hs @ V + c
    dZ = logits - Y if task == "regression" else softmax(logits) - np.eye(V.shape[1])[Y]
    grads = defaultdict(float)
    dA_next = 0.0
    for t in reversed(range(len(X))):
        grads["V"] += Hs[t].T @ dZ[t]
        grads["c"] += dZ[t].sum(axis=0)
        dA = (dZ[t] @ V.T + dA_next @ W.T if t < len(X) - 1 else dZ[t] @ V.T) * (1 - Hs[t] ** 2)
        grads["U"] += X[t].T @ dA
        grads["b"] += dA.sum(axis=0)
        grads["W"] += Hs[t - 1].T @ dA if t > 0 else np.zeros_like(W)
        dA_next = dA
    return grads
