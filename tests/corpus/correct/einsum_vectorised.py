"""Every product written with np.einsum, the backward pass vectorised over the batch."""
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    pre_activation = np.einsum("nd,dh->nh", x_t, U) + b
    if h_prev is not None:
        pre_activation += np.einsum("ng,gh->nh", h_prev, W)
    return np.tanh(pre_activation)


def regression_head(Hs, V, c):
    return np.einsum("tnh,hk->tnk", Hs, V) + c


def classification_head(Hs, V, c):
    return softmax(np.einsum("tnh,hk->tnk", Hs, V) + c)


def squared_error_loss(Y_hat, Y):
    difference = Y_hat - Y
    return 0.5 * np.einsum("tnk,tnk->", difference, difference).item()


def bptt(X, Y, params, task):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    logits = np.einsum("tnh,hk->tnk", Hs, V) + c
    if task == "regression":
        dZ = logits - Y
    else:
        dZ = softmax(logits)
        T, N = Y.shape
        dZ[np.arange(T)[:, None], np.arange(N)[None, :], Y] -= 1
    dA = np.zeros_like(Hs)
    carried = np.zeros_like(Hs[0])
    for t in range(len(X) - 1, -1, -1):
        dA[t] = (np.einsum("nk,hk->nh", dZ[t], V) + np.einsum("ng,hg->nh", carried, W)) * (1 - Hs[t] ** 2)
        carried = dA[t]
    return {
        "U": np.einsum("tnd,tnh->dh", X, dA),
        "W": np.einsum("tng,tnh->gh", Hs[:-1], dA[1:]),
        "b": np.einsum("tnh->h", dA),
        "V": np.einsum("tnh,tnk->hk", Hs, dZ),
        "c": np.einsum("tnk->k", dZ),
    }


def state_jacobian_norms(X, U, W, b):
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.zeros((T, N))
    jacobian = np.tile(np.eye(H), (N, 1, 1))
    for t in range(T - 1, -1, -1):
        norms[t] = np.sqrt(np.einsum("nij,nij->n", jacobian, jacobian))
        jacobian = np.einsum("nij,nj,kj->nik", jacobian, 1 - Hs[t] ** 2, W)
    return norms
