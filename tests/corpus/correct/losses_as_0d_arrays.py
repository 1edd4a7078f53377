"""Every loss returned as a 0-d numpy array rather than a Python float."""
import numpy as np


def squared_error_loss(Y_hat, Y):
    return np.array(0.5 * np.sum((Y_hat - Y) ** 2))


def cross_entropy_loss(P, labels):
    picked = np.take_along_axis(P, labels[..., None], axis=-1)
    return np.asarray(-np.log(picked).sum())


def total_loss(X, Y, params, task):
    Hs = rnn_forward(X, params["U"], params["W"], params["b"])
    if task == "regression":
        return np.array(squared_error_loss(regression_head(Hs, params["V"], params["c"]), Y))
    return np.array(cross_entropy_loss(classification_head(Hs, params["V"], params["c"]), Y))


def many_to_one_loss_and_grads(X, labels, params):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    P = softmax(Hs[-1] @ V + c)
    loss = np.array(-np.sum(np.log(P[np.arange(len(labels)), labels])))
    dZ = P - np.eye(V.shape[1])[labels]
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
