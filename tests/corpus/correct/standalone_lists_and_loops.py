# base: none
"""A whole submission written independently: lists of per-step arrays, loops over time and over sequences."""
import math

import numpy as np


def rnn_step(x_t, h_prev, U, W, b):
    a = np.dot(x_t, U) + b
    if h_prev is not None:
        a = a + np.dot(h_prev, W)
    return np.tanh(a)


def rnn_forward(X, U, W, b):
    hs = []
    for t in range(len(X)):
        hs.append(rnn_step(X[t], hs[-1] if hs else None, U, W, b))
    return np.array(hs)


def regression_head(Hs, V, c):
    return np.array([np.dot(h, V) + c for h in Hs])


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    out = np.empty_like(Z)
    for index in np.ndindex(Z.shape[:-1]):
        row = Z[index]
        e = np.exp(row - np.max(row))
        out[index] = e / np.sum(e)
    return out


def classification_head(Hs, V, c):
    return np.array([softmax(np.dot(h, V) + c) for h in Hs])


def squared_error_loss(Y_hat, Y):
    total = 0.0
    for t in range(len(Y)):
        for n in range(len(Y[t])):
            total += 0.5 * float(np.dot(Y_hat[t][n] - Y[t][n], Y_hat[t][n] - Y[t][n]))
    return total


def cross_entropy_loss(P, labels):
    total = 0.0
    for t in range(len(labels)):
        for n in range(len(labels[t])):
            total -= math.log(P[t][n][labels[t][n]])
    return total


def total_loss(X, Y, params, task):
    hs = rnn_forward(X, params["U"], params["W"], params["b"])
    if task == "regression":
        return squared_error_loss(regression_head(hs, params["V"], params["c"]), Y)
    return cross_entropy_loss(classification_head(hs, params["V"], params["c"]), Y)


def backward_from_output_errors(X, hs, errors, params):
    """Gradients of U, W, b when dL/dh_t = errors[t] (a list, one (N, H) array per step)."""
    U, W = params["U"], params["W"]
    dU, dW, db = np.zeros(U.shape), np.zeros(W.shape), np.zeros(params["b"].shape)
    carry = np.zeros(hs[0].shape)
    for t in range(len(X) - 1, -1, -1):
        da = (errors[t] + carry) * (1.0 - hs[t] * hs[t])
        dU += np.dot(X[t].T, da)
        db += np.sum(da, axis=0)
        if t >= 1:
            dW += np.dot(hs[t - 1].T, da)
        carry = np.dot(da, W.T)
    return dU, dW, db


def bptt(X, Y, params, task):
    V, c = params["V"], params["c"]
    hs = rnn_forward(X, params["U"], params["W"], params["b"])
    if task == "regression":
        dz = [np.dot(hs[t], V) + c - Y[t] for t in range(len(X))]
    else:
        eye = np.eye(V.shape[1])
        dz = [softmax(np.dot(hs[t], V) + c) - eye[Y[t]] for t in range(len(X))]
    dU, dW, db = backward_from_output_errors(X, hs, [np.dot(d, V.T) for d in dz], params)
    dV = np.zeros(V.shape)
    dc = np.zeros(c.shape)
    for t in range(len(X)):
        dV += np.dot(hs[t].T, dz[t])
        dc += np.sum(dz[t], axis=0)
    return {"U": dU, "W": dW, "b": db, "V": dV, "c": dc}


def stacked_rnn_forward(X, layers):
    outputs = []
    for i, layer in enumerate(layers):
        below = X if i == 0 else outputs[i - 1]
        outputs.append(rnn_forward(below, layer["U"], layer["W"], layer["b"]))
    return outputs


def many_to_one_loss_and_grads(X, labels, params):
    V, c = params["V"], params["c"]
    hs = rnn_forward(X, params["U"], params["W"], params["b"])
    p = softmax(np.dot(hs[-1], V) + c)
    loss = 0.0
    for n in range(len(labels)):
        loss -= math.log(p[n][labels[n]])
    dz = p - np.eye(V.shape[1])[labels]
    errors = [np.zeros(hs[0].shape) for _ in range(len(X))]
    errors[-1] = np.dot(dz, V.T)
    dU, dW, db = backward_from_output_errors(X, hs, errors, params)
    return loss, {"U": dU, "W": dW, "b": db, "V": np.dot(hs[-1].T, dz), "c": np.sum(dz, axis=0)}


def state_jacobian_norms(X, U, W, b):
    hs = rnn_forward(X, U, W, b)
    T, N, H = hs.shape
    norms = np.zeros((T, N))
    for n in range(N):
        J = np.eye(H)                     # d h_{T-1} / d h_t, row form: dh_{T-1} = dh_t J
        for t in range(T - 1, -1, -1):
            norms[t, n] = math.sqrt(float(np.sum(J * J)))
            J = np.dot(W * (1.0 - hs[t, n] ** 2), J)
    return norms
