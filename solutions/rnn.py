"""A vanilla recurrent neural network, forward and backward, in NumPy.

Notation (the lecture's row-vector convention, batched and time-major):

    X       (T, N, D)   inputs; X[t] holds x_t, one row per sequence
    U       (D, H)      input-to-hidden weights
    W       (H, H)      hidden-to-hidden weights
    b       (H,)        hidden bias
    V       (H, K)      hidden-to-output weights
    c       (K,)        output bias
    Hs      (T, N, H)   hidden states h_0 ... h_{T-1}

    h_0 = tanh(x_0 U + b)                       (no recurrent term at t = 0)
    h_t = tanh(h_{t-1} W + x_t U + b)           t = 1 .. T-1
    regression:      yhat_t = h_t V + c
    classification:  yhat_t = softmax(h_t V + c)
    Total_loss = sum over every time step t and every sequence n of l(yhat_t, y_t)

Fill in every function marked "Your code here". Keep the signatures: the grader calls them by
name. Every function must leave its arguments unchanged and return float64 values.

What you may import: numpy and the Python standard library, nothing else (the assignment is from
scratch). matplotlib is fine for your own plots, but the graded functions must not need it. A
function that uses any other module (scipy, say) fails its tests, with a message saying so.
"""

import numpy as np


# --------------------------------------------------------------------------------------------
# Part A: the core
# --------------------------------------------------------------------------------------------


def rnn_step(x_t, h_prev, U, W, b):
    """One step of a vanilla RNN: h_t = tanh(h_{t-1} W + x_t U + b).

    Inputs:
    - x_t: inputs at step t, shape (N, D).
    - h_prev: hidden state h_{t-1}, shape (N, H), or None at t = 0, where the lecture's
      h_0 = tanh(x_0 U + b) has no recurrent term.
    - U: input-to-hidden weights, shape (D, H).
    - W: hidden-to-hidden weights, shape (H, H).
    - b: hidden bias, shape (H,).

    Returns:
    - h_t: the new hidden state, shape (N, H).

    Common mistake: writing W h_{t-1} (column vectors) instead of the lecture's row form
    h_{t-1} W. With a square, non-symmetric W the two give different numbers.
    """
    # BEGIN SOLUTION
    pre_activation = x_t @ U + b
    if h_prev is not None:
        pre_activation = pre_activation + h_prev @ W
    return np.tanh(pre_activation)
    # END SOLUTION


def rnn_forward(X, U, W, b):
    """Run the RNN over a whole batch of sequences.

    Inputs:
    - X: inputs, shape (T, N, D).
    - U: input-to-hidden weights, shape (D, H).
    - W: hidden-to-hidden weights, shape (H, H).
    - b: hidden bias, shape (H,).

    Returns:
    - Hs: hidden states h_0 ... h_{T-1}, shape (T, N, H).

    Common mistake: starting from h_prev = 0 instead of None gives the same numbers only because
    0 @ W = 0; forgetting to feed h_{t-1} into step t (no recurrence) does not.
    """
    # BEGIN SOLUTION
    h = None
    states = []
    for x_t in X:
        h = rnn_step(x_t, h, U, W, b)
        states.append(h)
    return np.stack(states)
    # END SOLUTION


def regression_head(Hs, V, c):
    """Linear outputs for regression at every step: yhat_t = h_t V + c.

    Inputs:
    - Hs: hidden states, shape (T, N, H).
    - V: hidden-to-output weights, shape (H, K).
    - c: output bias, shape (K,).

    Returns:
    - Y_hat: predictions, shape (T, N, K).

    Common mistake: a tanh or softmax here; the regression head is purely linear.
    """
    # BEGIN SOLUTION
    return Hs @ V + c
    # END SOLUTION


def softmax(Z):
    """Softmax over the last axis: softmax(z)_k = exp(z_k) / sum_j exp(z_j).

    Inputs:
    - Z: logits, any shape (..., K).

    Returns:
    - P: probabilities, the same shape as Z; every slice P[..., :] sums to 1.

    Common mistake: exp(Z) overflows to inf for logits around 1e3. Subtract each row's own
    maximum first (softmax(z) = softmax(z - max z)); one global maximum is not enough when
    rows differ by thousands.
    """
    # BEGIN SOLUTION
    shifted = Z - Z.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)
    # END SOLUTION


def classification_head(Hs, V, c):
    """Class probabilities at every step: yhat_t = softmax(h_t V + c).

    Inputs:
    - Hs: hidden states, shape (T, N, H).
    - V: hidden-to-output weights, shape (H, K).
    - c: output bias, shape (K,).

    Returns:
    - P: probabilities, shape (T, N, K), summing to 1 over the last axis.

    Common mistake: a softmax over the wrong axis (over time or over the batch).
    """
    # BEGIN SOLUTION
    return softmax(regression_head(Hs, V, c))
    # END SOLUTION


def squared_error_loss(Y_hat, Y):
    """Total squared error: 1/2 * sum over t, n and k of (yhat_tnk - y_tnk)^2.

    Inputs:
    - Y_hat: predictions, shape (T, N, K).
    - Y: targets, shape (T, N, K).

    Returns:
    - loss: a float.

    Common mistake: a mean instead of a sum, or forgetting the 1/2.
    """
    # BEGIN SOLUTION
    return 0.5 * float(np.sum((Y_hat - Y) ** 2))
    # END SOLUTION


def cross_entropy_loss(P, labels):
    """Total cross-entropy: -sum over t and n of log P[t, n, labels[t, n]].

    Inputs:
    - P: probabilities, shape (T, N, K).
    - labels: integer class labels in 0..K-1, shape (T, N).

    Returns:
    - loss: a float.

    Common mistake: P[:, :, labels] picks a (T, N, T, N) block, not one entry per (t, n).
    """
    # BEGIN SOLUTION
    picked = np.take_along_axis(P, labels[..., None], axis=-1)
    return -float(np.sum(np.log(picked)))
    # END SOLUTION


def total_loss(X, Y, params, task):
    """Total loss of the RNN over all time steps and all sequences.

    Inputs:
    - X: inputs, shape (T, N, D).
    - Y: targets: floats of shape (T, N, K) for task "regression", integer labels of shape
      (T, N) for task "classification".
    - params: dict with keys "U", "W", "b", "V", "c".
    - task: "regression" or "classification".

    Returns:
    - loss: a float, the sum (never the mean) of the per-step losses.

    Common mistake: counting only the last step's loss; every step t suffers a loss.
    """
    # BEGIN SOLUTION
    Hs = rnn_forward(X, params["U"], params["W"], params["b"])
    if task == "regression":
        return squared_error_loss(regression_head(Hs, params["V"], params["c"]), Y)
    if task == "classification":
        return cross_entropy_loss(classification_head(Hs, params["V"], params["c"]), Y)
    raise ValueError(f"task must be 'regression' or 'classification', not {task!r}")
    # END SOLUTION


def bptt(X, Y, params, task):
    """Gradients of total_loss by backpropagation through time.

    Inputs:
    - X, Y, params, task: as in total_loss.

    Returns:
    - grads: dict with keys "U", "W", "b", "V", "c"; grads[k] has the shape of params[k] and
      holds d Total_loss / d params[k].

    Common mistake: forgetting the gradient that flows back into h_t from step t+1
    (dh_t = dz_t V^T + da_{t+1} W^T). Then only the last step is right.
    """
    # BEGIN SOLUTION
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    logits = Hs @ V + c
    if task == "regression":
        dZ = logits - Y                                # d(1/2 ||z - y||^2) / dz
    elif task == "classification":
        dZ = softmax(logits) - np.eye(V.shape[1])[Y]   # d(-log softmax(z)[y]) / dz = p - onehot(y)
    else:
        raise ValueError(f"task must be 'regression' or 'classification', not {task!r}")

    grads = {
        "U": np.zeros_like(U), "W": np.zeros_like(W), "b": np.zeros_like(b),
        "V": np.einsum("tnh,tnk->hk", Hs, dZ),         # z_t = h_t V + c
        "c": dZ.sum(axis=(0, 1)),
    }
    dA_next = np.zeros_like(Hs[0])                     # da_{t+1}; nothing flows in after T-1
    for t in reversed(range(len(X))):
        dH = dZ[t] @ V.T + dA_next @ W.T               # h_t feeds z_t and a_{t+1} = h_t W + ...
        dA = dH * (1 - Hs[t] ** 2)                     # tanh'(a) = 1 - tanh(a)^2
        grads["U"] += X[t].T @ dA                      # a_t = h_{t-1} W + x_t U + b
        grads["b"] += dA.sum(axis=0)
        if t > 0:                                      # h_0 has no recurrent term
            grads["W"] += Hs[t - 1].T @ dA
        dA_next = dA
    return grads
    # END SOLUTION


# --------------------------------------------------------------------------------------------
# Part B: beyond the core
# --------------------------------------------------------------------------------------------


def stacked_rnn_forward(X, layers):
    """A stacked (multi-layer) RNN: layer l reads the hidden states of layer l-1.

    Inputs:
    - X: inputs, shape (T, N, D).
    - layers: list of L dicts with keys "U", "W", "b". Layer 0 has U of shape (D, H_0); layer l
      has U of shape (H_{l-1}, H_l), W of shape (H_l, H_l) and b of shape (H_l,).

    Returns:
    - states: list of L arrays, bottom layer first; states[l] has shape (T, N, H_l).

    Common mistake: feeding X to every layer instead of the states of the layer below.
    """
    # BEGIN SOLUTION
    states = []
    layer_input = X
    for layer in layers:
        layer_input = rnn_forward(layer_input, layer["U"], layer["W"], layer["b"])
        states.append(layer_input)
    return states
    # END SOLUTION


def many_to_one_loss_and_grads(X, labels, params):
    """A many-to-one classifier: cross-entropy on the last step's output only, and its gradients.

    Inputs:
    - X: inputs, shape (T, N, D).
    - labels: one integer class label per sequence, shape (N,).
    - params: dict with keys "U", "W", "b", "V", "c".

    Returns a tuple (loss, grads):
    - loss: a float, -sum over n of log softmax(h_{T-1} V + c)[n, labels[n]].
    - grads: dict with keys "U", "W", "b", "V", "c", each the shape of its parameter.

    Common mistake: thinking only the last step matters for U and W. The loss sits at T-1, but
    its gradient flows back through every earlier hidden state.
    """
    # BEGIN SOLUTION
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    P = softmax(Hs[-1] @ V + c)
    loss = -float(np.sum(np.log(P[np.arange(len(labels)), labels])))

    dZ = P - np.eye(V.shape[1])[labels]                # p - onehot(label)
    grads = {"U": np.zeros_like(U), "W": np.zeros_like(W), "b": np.zeros_like(b),
             "V": Hs[-1].T @ dZ, "c": dZ.sum(axis=0)}
    dH = dZ @ V.T                                      # only h_{T-1} feeds the output
    for t in reversed(range(len(X))):
        dA = dH * (1 - Hs[t] ** 2)
        grads["U"] += X[t].T @ dA
        grads["b"] += dA.sum(axis=0)
        if t > 0:
            grads["W"] += Hs[t - 1].T @ dA
        dH = dA @ W.T                                  # a_t = h_{t-1} W + ..., no output loss here
    return loss, grads
    # END SOLUTION


def state_jacobian_norms(X, U, W, b):
    """How strongly the last hidden state depends on each earlier one.

    Entry [t, n] is the Frobenius norm of the Jacobian d h_{T-1} / d h_t for sequence n.
    One step back multiplies by d h_t / d h_{t-1} = diag(1 - h_t^2) W^T (in column form), so the
    norm shrinks (vanishing gradients) or grows (exploding gradients) with the distance T-1-t.

    Inputs:
    - X: inputs, shape (T, N, D).
    - U: input-to-hidden weights, shape (D, H).
    - W: hidden-to-hidden weights, shape (H, H).
    - b: hidden bias, shape (H,).

    Returns:
    - norms: shape (T, N); norms[T-1, n] = sqrt(H), the norm of the identity.

    Common mistake: multiplying the step Jacobians in the wrong order, or using h_{t-1} instead
    of h_t in the tanh derivative of step t.
    """
    # BEGIN SOLUTION
    Hs = rnn_forward(X, U, W, b)
    T, N, H = Hs.shape
    norms = np.empty((T, N))
    jacobian = np.broadcast_to(np.eye(H), (N, H, H))   # d h_{T-1} / d h_{T-1}
    for t in reversed(range(T)):
        norms[t] = np.linalg.norm(jacobian, axis=(1, 2))
        step = (1 - Hs[t] ** 2)[:, :, None] * W.T      # d h_t / d h_{t-1}, one (H, H) per sequence
        jacobian = jacobian @ step
    return norms
    # END SOLUTION
