"""Labels turned into one-hot rows with np.eye, for the cross-entropy and its gradients."""
import numpy as np


def cross_entropy_loss(P, labels):
    onehot = np.eye(P.shape[-1])[labels]
    return -float(np.log((onehot * P).sum(axis=-1)).sum())


def many_to_one_loss_and_grads(X, labels, params):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    onehot = np.eye(V.shape[1])[labels]
    P = softmax(Hs[-1] @ V + c)
    loss = -float(np.log((onehot * P).sum(axis=-1)).sum())
    dZ = P - onehot
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
