"""Python loops over the sequences of the batch, one sample at a time."""
import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    rows = []
    for n in range(x_t.shape[0]):
        pre_activation = x_t[n] @ U + b
        if h_prev is not None:
            pre_activation = pre_activation + h_prev[n] @ W
        rows.append(np.tanh(pre_activation))
    return np.array(rows).reshape(x_t.shape[0], W.shape[0])


def regression_head(Hs, V, c):
    T, N, _ = Hs.shape
    Y_hat = np.empty((T, N, V.shape[1]))
    for t in range(T):
        for n in range(N):
            Y_hat[t, n] = Hs[t, n] @ V + c
    return Y_hat


def softmax(Z):
    rows = Z.reshape(-1, Z.shape[-1])
    P = np.empty(rows.shape)
    for i, row in enumerate(rows):
        e = np.exp(row - row.max())
        P[i] = e / e.sum()
    return P.reshape(Z.shape)


def cross_entropy_loss(P, labels):
    loss = 0.0
    for t in range(P.shape[0]):
        for n in range(P.shape[1]):
            loss -= np.log(P[t, n, labels[t, n]])
    return loss


def many_to_one_loss_and_grads(X, labels, params):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    T, N, _ = X.shape
    loss = 0.0
    grads = {key: np.zeros_like(value, dtype=float) for key, value in params.items()}
    for n in range(N):
        Hs = rnn_forward(X[:, n:n + 1], U, W, b)[:, 0]
        p = softmax(Hs[-1] @ V + c)
        loss -= np.log(p[labels[n]])
        dz = p.copy()
        dz[labels[n]] -= 1
        grads["V"] += np.outer(Hs[-1], dz)
        grads["c"] += dz
        dh = V @ dz
        for t in range(T - 1, -1, -1):
            da = dh * (1 - Hs[t] ** 2)
            grads["U"] += np.outer(X[t, n], da)
            grads["b"] += da
            if t > 0:
                grads["W"] += np.outer(Hs[t - 1], da)
            dh = W @ da
    return loss, grads
