"""many_to_one_loss_and_grads uses the tanh derivative of the previous state, 1 - h_{t-1}^2."""
# misconception: tanh derivative of the previous state, none at t = 0
import numpy as np


def many_to_one_loss_and_grads(X, labels, params):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    P = softmax(Hs[-1] @ V + c)
    loss = -float(np.sum(np.log(P[np.arange(len(labels)), labels])))

    dZ = P - np.eye(V.shape[1])[labels]
    grads = {"U": np.zeros_like(U), "W": np.zeros_like(W), "b": np.zeros_like(b),
             "V": Hs[-1].T @ dZ, "c": dZ.sum(axis=0)}
    dH = dZ @ V.T
    for t in reversed(range(len(X))):
        dA = dH * (1 - (Hs[t - 1] if t > 0 else np.zeros_like(Hs[t])) ** 2)
        grads["U"] += X[t].T @ dA
        grads["b"] += dA.sum(axis=0)
        if t > 0:
            grads["W"] += Hs[t - 1].T @ dA
        dH = dA @ W.T
    return loss, grads
