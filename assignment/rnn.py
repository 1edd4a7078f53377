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
    # Your code here
    raise NotImplementedError("rnn_step is not implemented yet")


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
    # Your code here
    raise NotImplementedError("rnn_forward is not implemented yet")


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
    # Your code here
    raise NotImplementedError("regression_head is not implemented yet")


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
    # Your code here
    raise NotImplementedError("softmax is not implemented yet")


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
    # Your code here
    raise NotImplementedError("classification_head is not implemented yet")


def squared_error_loss(Y_hat, Y):
    """Total squared error: 1/2 * sum over t, n and k of (yhat_tnk - y_tnk)^2.

    Inputs:
    - Y_hat: predictions, shape (T, N, K).
    - Y: targets, shape (T, N, K).

    Returns:
    - loss: a float.

    Common mistake: a mean instead of a sum, or forgetting the 1/2.
    """
    # Your code here
    raise NotImplementedError("squared_error_loss is not implemented yet")


def cross_entropy_loss(P, labels):
    """Total cross-entropy: -sum over t and n of log P[t, n, labels[t, n]].

    Inputs:
    - P: probabilities, shape (T, N, K).
    - labels: integer class labels in 0..K-1, shape (T, N).

    Returns:
    - loss: a float.

    Common mistake: P[:, :, labels] picks a (T, N, T, N) block, not one entry per (t, n).
    """
    # Your code here
    raise NotImplementedError("cross_entropy_loss is not implemented yet")


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
    # Your code here
    raise NotImplementedError("total_loss is not implemented yet")


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
    # Your code here
    raise NotImplementedError("bptt is not implemented yet")


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
    # Your code here
    raise NotImplementedError("stacked_rnn_forward is not implemented yet")


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
    # Your code here
    raise NotImplementedError("many_to_one_loss_and_grads is not implemented yet")


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
    # Your code here
    raise NotImplementedError("state_jacobian_norms is not implemented yet")
