"""Public tests for rnn.py: shapes, and tiny cases whose answers you can check by hand.

Run them with `python -m pytest test_rnn_public.py` in this folder, or in the notebook with
`from rnn_feedback import check; check("rnn_step")`. Passing them is a good sign, not a
guarantee: the grader's hidden tests try many more sizes and values.
"""

import numpy as np

from rnn_bptt.feedback import (check_array, check_gradient_shapes, check_gradients, check_layers,
                               check_pair, check_returns, check_scalar, check_unchanged)

GRADIENT_SHAPES = {"U": (3, 4), "W": (4, 4), "b": (4,), "V": (4, 6), "c": (6,)}


def small_batch(task):
    """T=5, N=2, D=3, H=4, K=6 random inputs and parameters (the values do not matter here):
    every size different, so that a mistake cannot hide behind two equal sizes."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 2, 3))
    params = {key: rng.normal(size=shape) * 0.5 for key, shape in GRADIENT_SHAPES.items()}
    Y = rng.normal(size=(5, 2, 6)) if task == "regression" else rng.integers(0, 6, (5, 2))
    return X, Y, params


def one_by_one_case():
    """One sequence of two steps, D = H = 1: x = (1, -1), U = 0.5, W = -1, b = 0.25."""
    X = np.array([[[1.0]], [[-1.0]]])
    return X, {"U": np.array([[0.5]]), "W": np.array([[-1.0]]), "b": np.array([0.25])}


# --------------------------------------------------------------------------------------------
# Part A
# --------------------------------------------------------------------------------------------


def test_rnn_step_shape(student):
    """rnn_step returns one hidden state per sequence, shape (N, H)."""
    X, _, params = small_batch("regression")
    h0 = student.rnn_step(X[0], None, params["U"], params["W"], params["b"])
    check_returns(h0, (2, 4), "rnn_step at t = 0")
    h1 = student.rnn_step(X[1], np.asarray(h0), params["U"], params["W"], params["b"])
    check_returns(h1, (2, 4), "rnn_step at t = 1")


def test_rnn_step_by_hand(student):
    """rnn_step uses the row form: h W + x U + b = [0.8, 0.3] here, so h_t = tanh([0.8, 0.3])."""
    h = student.rnn_step(np.array([[1.0, 0.0]]), np.array([[0.5, -1.0]]),
                         np.array([[0.2, 0.4], [0.3, 0.1]]), np.array([[1.0, 2.0], [0.0, 1.0]]),
                         np.array([0.1, -0.1]))
    check_array(h, [[0.664036770267849, 0.29131261245159096]], "rnn_step on the hand case")


def test_rnn_step_first_step_by_hand(student):
    """At t = 0 (h_prev None) there is no recurrent term: h_0 = tanh(1 * 0.5 + 0.25)."""
    h = student.rnn_step(np.array([[1.0]]), None, np.array([[0.5]]), np.array([[-1.0]]),
                         np.array([0.25]))
    check_array(h, [[np.tanh(0.75)]], "rnn_step at t = 0 on the hand case")


def test_rnn_forward_shape(student):
    """rnn_forward returns every hidden state, shape (T, N, H)."""
    X, _, params = small_batch("regression")
    check_returns(student.rnn_forward(X, params["U"], params["W"], params["b"]), (5, 2, 4),
                  "rnn_forward")


HAND_STATES = [[[0.6351489523872873]], [[-0.7089894290345368]]]   # tanh(0.75), tanh(-h_0 - 0.25)


def check_hand_states(Hs):
    check_array(Hs, HAND_STATES, "rnn_forward on the hand case", time_axis=0,
                kind="hidden states")


def test_rnn_forward_by_hand(student):
    """rnn_forward gives h_0 = tanh(0.75) and h_1 = tanh(-h_0 - 0.25) on the hand case."""
    X, params = one_by_one_case()
    check_hand_states(student.rnn_forward(X, params["U"], params["W"], params["b"]))


def test_rnn_forward_inputs_unchanged(student):
    """rnn_forward leaves its arguments unchanged, with the right answer on the hand case."""
    X, params = one_by_one_case()
    check_unchanged("rnn_forward",
                    student.observe("rnn_forward", X, params["U"], params["W"], params["b"]),
                    check_hand_states)


def test_regression_head_by_hand(student):
    """regression_head computes h V + c: [0.5, -1] V + c = [0.6, 0, -1.1] here."""
    Y_hat = student.regression_head(np.array([[[0.5, -1.0]]]),
                                    np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 1.0]]),
                                    np.array([0.1, 0.0, -0.1]))
    check_array(Y_hat, [[[0.6, 0.0, -1.1]]], "regression_head on the hand case", time_axis=0,
                kind="outputs")


def test_softmax_by_hand(student):
    """softmax([0, log 3]) = [1/4, 3/4], taken over the last axis."""
    P = student.softmax(np.array([[[0.0, np.log(3.0)], [np.log(3.0), 0.0]]]))
    check_array(P, [[[0.25, 0.75], [0.75, 0.25]]], "softmax on the hand case", kind="probabilities")


def test_softmax_large_logits(student):
    """softmax stays finite for logits of 1000 and rows whose maxima differ by 2000."""
    P = student.softmax(np.array([[1000.0, 1000.0 + np.log(3.0)], [-1000.0, -1000.0]]))
    check_array(P, [[0.25, 0.75], [0.5, 0.5]], "softmax on large logits", kind="probabilities")


def test_classification_head_by_hand(student):
    """classification_head is softmax(h V + c): softmax([log 3, 0]) = [3/4, 1/4] here."""
    P = student.classification_head(np.array([[[1.0]]]), np.array([[np.log(3.0), -1.0]]),
                                    np.array([0.0, 1.0]))
    check_array(P, [[[0.75, 0.25]]], "classification_head on the hand case", kind="probabilities")


def test_squared_error_loss_by_hand(student):
    """squared_error_loss is 1/2 * (1 + 4 + 1 + 1) = 3.5 here: a sum, not a mean."""
    loss = student.squared_error_loss(np.array([[[1.0, 2.0]], [[0.0, 0.0]]]),
                                      np.array([[[0.0, 0.0]], [[1.0, 1.0]]]))
    check_scalar(loss, 3.5, "squared_error_loss on the hand case", sizes={"T": 2, "K": 2})


def test_cross_entropy_loss_by_hand(student):
    """cross_entropy_loss is -(log 0.5 + log 0.75) here: one term per time step, summed."""
    loss = student.cross_entropy_loss(np.array([[[0.5, 0.5]], [[0.25, 0.75]]]),
                                      np.array([[0], [1]]))
    check_scalar(loss, -(np.log(0.5) + np.log(0.75)), "cross_entropy_loss on the hand case",
                 sizes={"T": 2})


def test_total_loss_by_hand(student):
    """total_loss sums the loss of both steps, for regression and for classification."""
    X, params = one_by_one_case()
    regression = {**params, "V": np.array([[2.0]]), "c": np.array([0.5])}
    check_scalar(student.total_loss(X, np.array([[[1.0]], [[0.0]]]), regression, "regression"),
                 0.71802202298095, "total_loss for regression on the hand case", sizes={"T": 2})
    classification = {**params, "V": np.array([[2.0, -1.0]]), "c": np.array([0.5, 0.0])}
    check_scalar(student.total_loss(X, np.array([[1], [0]]), classification, "classification"),
                 4.298220481976521, "total_loss for classification on the hand case",
                 sizes={"T": 2})


def test_bptt_shapes(student):
    """bptt returns a dict with one gradient per parameter, each the shape of its parameter."""
    for task in ("regression", "classification"):
        check_gradient_shapes(student.bptt(*small_batch(task), task), GRADIENT_SHAPES,
                              f"bptt ({task})")


def test_bptt_by_hand(student):
    """bptt gives the gradients of the two-step hand case, for regression."""
    X, params = one_by_one_case()
    params = {**params, "V": np.array([[2.0]]), "c": np.array([0.5])}
    expected = {"U": [[2.3769148327273286]], "W": [[-0.5799444575432764]],
                "b": [0.5507464816232858], "V": [[1.140091213691862]],
                "c": [-0.14768095329449893]}
    check_gradients(student.bptt(X, np.array([[[1.0]], [[0.0]]]), params, "regression"),
                    expected, "bptt for regression on the hand case", sizes={"T": 2})


def test_bptt_matches_your_total_loss(student):
    """bptt agrees with finite differences of your own total_loss (classification, T = 5)."""
    X, labels, params = small_batch("classification")
    grads = student.bptt(X, labels, params, "classification")
    step, numeric = 1e-5, {}
    for key, value in params.items():
        numeric[key] = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            shifted = {name: array.copy() for name, array in params.items()}
            shifted[key][index] += step
            above = student.total_loss(X, labels, shifted, "classification")
            shifted[key][index] -= 2 * step
            below = student.total_loss(X, labels, shifted, "classification")
            numeric[key][index] = (float(above) - float(below)) / (2 * step)
    check_gradients(grads, numeric, "bptt compared with finite differences of your total_loss",
                    rtol=1e-5)


# --------------------------------------------------------------------------------------------
# Part B
# --------------------------------------------------------------------------------------------


def test_stacked_rnn_forward_by_hand(student):
    """stacked_rnn_forward returns both layers' states; layer 1 reads layer 0's states."""
    X, layer0 = one_by_one_case()
    layer1 = {"U": np.array([[1.0, -2.0]]), "W": np.array([[0.5, 0.0], [1.0, 0.5]]),
              "b": np.array([0.0, 0.1])}
    states = student.stacked_rnn_forward(X, [layer0, layer1])
    expected = [[[[0.6351489523872873]], [[-0.7089894290345368]]],
                [[[0.5615874800637045, -0.8243676478326883]],
                 [[-0.8490008765566809, 0.8025709708574617]]]]
    check_layers(states, [np.array(layer) for layer in expected],
                 "stacked_rnn_forward with two layers")


def test_many_to_one_loss_and_grads_by_hand(student):
    """many_to_one_loss_and_grads gives the loss of the last step and its gradients."""
    X, params = one_by_one_case()
    params = {**params, "V": np.array([[2.0, -1.0]]), "c": np.array([0.5, 0.0])}
    loss, grads = check_pair(student.many_to_one_loss_and_grads(X, np.array([1]), params),
                             "many_to_one_loss_and_grads", "loss, grads")
    check_scalar(loss, 0.17942108588899838, "the loss on the hand case")
    expected = {"U": [[-0.391252138108044]], "W": [[0.15564674591847685]],
                "b": [0.09885886761261087], "V": [[-0.1164487478681752, 0.11644874786817519]],
                "c": [0.1642460988829534, -0.16424609888295338]}
    check_gradients(grads, expected, "the gradients on the hand case")


def test_state_jacobian_norms_by_hand(student):
    """state_jacobian_norms is [|W (1 - h_1^2)|, 1] for the two-step hand case with H = 1."""
    X, params = one_by_one_case()
    check_array(student.state_jacobian_norms(X, params["U"], params["W"], params["b"]),
                [[0.4973339895172816], [1.0]], "state_jacobian_norms on the hand case",
                time_axis=0, kind="jacobian norms")


def test_state_jacobian_norms_last_step(student):
    """The last row of state_jacobian_norms is sqrt(H), the norm of the identity."""
    X, _, params = small_batch("regression")
    norms = check_returns(student.state_jacobian_norms(X, params["U"], params["W"], params["b"]),
                          (5, 2), "state_jacobian_norms")
    check_array(norms[-1], [2.0, 2.0], "the last row of state_jacobian_norms (H = 4)")
