"""The reference solution, proven right without trusting itself.

Its gradients are compared with central finite differences of its losses, and with closed forms
derived by hand for a tiny case; the losses are compared with the SPEC's equations written out
as plain loops; softmax with values known exactly. Every hidden test's expected value comes
from this file's subject, so these checks are what make the hidden answers right.
"""

import copy

import numpy as np
import pytest
from rnn_bptt import feedback

from rnn_bptt.solutions import rnn

PARAMETERS = ("U", "W", "b", "V", "c")
STEP = 1e-6  # central differences: truncation ~ STEP^2, round-off ~ 1e-16 / STEP, both << 1e-7


def random_case(T, N, D, H, K, seed):
    """Inputs, parameters, regression targets and labels of the given sizes (float64)."""
    rng = np.random.default_rng(seed)
    params = {"U": rng.normal(size=(D, H)) / np.sqrt(D), "W": rng.normal(size=(H, H)) / np.sqrt(H),
              "b": 0.3 * rng.normal(size=H), "V": rng.normal(size=(H, K)) / np.sqrt(H),
              "c": 0.3 * rng.normal(size=K)}
    return {"X": rng.normal(size=(T, N, D)), "params": params,
            "Y": rng.normal(size=(T, N, K)), "labels": rng.integers(0, K, size=(T, N)),
            "last_labels": rng.integers(0, K, size=N)}


def central_differences(loss_of, params):
    """d loss_of(params) / d params[key][index], by central differences, entry by entry."""
    gradients = {}
    for key in PARAMETERS:
        gradients[key] = np.zeros_like(params[key])
        for index in np.ndindex(params[key].shape):
            nudged = copy.deepcopy(params)
            nudged[key][index] += STEP
            above = loss_of(nudged)
            nudged[key][index] -= 2 * STEP
            below = loss_of(nudged)
            gradients[key][index] = (above - below) / (2 * STEP)
    return gradients


def relative_error(got, expected):
    """Largest error relative to the largest expected entry (0 when both are exactly 0)."""
    return float(np.max(np.abs(got - expected)) / max(np.max(np.abs(expected)), 1e-300))


def assert_gradients_match(got, expected, rtol=1e-7):
    assert set(got) == set(PARAMETERS)
    assert all(got[key].shape == expected[key].shape for key in PARAMETERS)
    errors = {key: relative_error(got[key], expected[key]) for key in PARAMETERS}
    assert all(error < rtol for error in errors.values()), errors


# (T, N, D, H, K)
SIZES = {
    "T=1": (1, 3, 2, 4, 3),
    "N=1": (5, 1, 3, 4, 2),
    "K=1": (4, 3, 2, 5, 1),
    "all square": (4, 4, 4, 4, 4),
    "distinct, T>=6": (7, 3, 4, 5, 2),
}


@pytest.mark.parametrize("task", ["regression", "classification"])
@pytest.mark.parametrize("sizes", SIZES.values(), ids=SIZES.keys())
def test_bptt_matches_finite_differences(sizes, task):
    case = random_case(*sizes, seed=sum(sizes))
    X, params = case["X"], case["params"]
    Y = case["Y"] if task == "regression" else case["labels"]
    expected = central_differences(lambda p: rnn.total_loss(X, Y, p, task), params)
    assert_gradients_match(rnn.bptt(X, Y, params, task), expected)


@pytest.mark.parametrize("sizes", SIZES.values(), ids=SIZES.keys())
def test_many_to_one_gradients_match_finite_differences(sizes):
    case = random_case(*sizes, seed=sum(sizes))
    X, labels, params = case["X"], case["last_labels"], case["params"]
    expected = central_differences(
        lambda p: rnn.many_to_one_loss_and_grads(X, labels, p)[0], params)
    assert_gradients_match(rnn.many_to_one_loss_and_grads(X, labels, params)[1], expected)


# --------------------------------------------------------------------------------------------
# A tiny case by hand: D = H = 1, T = 2. With scalars u, w, b, x_0, x_1:
#   h_0 = tanh(x_0 u + b),  h_1 = tanh(h_0 w + x_1 u + b),  g_t = 1 - h_t^2 (tanh' at step t).
# If the loss is sum_t l_t(s_t) of a scalar "score" s_t = h_t v + c with e_t = dl_t/ds_t, the
# chain rule gives, written out:
#   dL/dc = e_0 + e_1
#   dL/dv = e_0 h_0 + e_1 h_1
#   dL/dw = e_1 v g_1 h_0
#   dL/db = e_0 v g_0 + e_1 v g_1 (1 + w g_0)
#   dL/du = e_0 v g_0 x_0 + e_1 v g_1 (x_1 + w g_0 x_0)
# --------------------------------------------------------------------------------------------

u, w, b, x0, x1 = 0.7, -1.3, 0.2, 0.5, -0.9
h0 = np.tanh(x0 * u + b)
h1 = np.tanh(h0 * w + x1 * u + b)
g0, g1 = 1 - h0 ** 2, 1 - h1 ** 2
X_TINY = np.array([x0, x1]).reshape(2, 1, 1)


def score_gradients(e0, e1, v):
    """The hand-derived gradients above (keys u, w, b, v, c), for errors e_0, e_1 and weight v."""
    return {"c": e0 + e1, "v": e0 * h0 + e1 * h1, "w": e1 * v * g1 * h0,
            "b": e0 * v * g0 + e1 * v * g1 * (1 + w * g0),
            "u": e0 * v * g0 * x0 + e1 * v * g1 * (x1 + w * g0 * x0)}


def test_regression_gradients_of_a_tiny_case_match_the_closed_form():
    # K = 1: the score is the prediction itself, l_t = (s_t - y_t)^2 / 2, e_t = s_t - y_t.
    v, c, y0, y1 = 1.1, -0.4, 0.3, -0.8
    params = {"U": np.array([[u]]), "W": np.array([[w]]), "b": np.array([b]),
              "V": np.array([[v]]), "c": np.array([c])}
    Y = np.array([y0, y1]).reshape(2, 1, 1)
    e0, e1 = h0 * v + c - y0, h1 * v + c - y1
    expected = score_gradients(e0, e1, v)

    assert rnn.total_loss(X_TINY, Y, params, "regression") == pytest.approx(
        (e0 ** 2 + e1 ** 2) / 2, rel=1e-14)
    grads = rnn.bptt(X_TINY, Y, params, "regression")
    for key in PARAMETERS:
        np.testing.assert_allclose(grads[key].ravel(), [expected[key.lower()]], rtol=1e-12,
                                   err_msg=key)


@pytest.mark.parametrize("many_to_one", [False, True], ids=["every step", "last step only"])
def test_classification_gradients_of_a_tiny_case_match_the_closed_form(many_to_one):
    # K = 2, not 1: with one class softmax is constantly 1, the loss 0 and every gradient 0, so
    # a closed form would prove nothing. With two classes only the difference of the logits
    # matters: s_t = h_t (v_1 - v_0) + (c_1 - c_0), P(class 1) = sigmoid(s_t), and
    # l_t = log(1 + exp(-s_t)) for label 1, log(1 + exp(s_t)) for label 0, e_t = sigmoid(s_t) - y_t.
    # The gradient for class 1's column is the score's gradient, for class 0's its negative.
    # Many-to-one: only the last step has a loss, so e_0 = 0.
    V, c, y0, y1 = np.array([[0.6, -0.9]]), np.array([0.1, -0.2]), 1, 0
    params = {"U": np.array([[u]]), "W": np.array([[w]]), "b": np.array([b]), "V": V, "c": c}
    dv, dc = V[0, 1] - V[0, 0], c[1] - c[0]
    s0, s1 = h0 * dv + dc, h1 * dv + dc
    sigmoid = lambda s: 1 / (1 + np.exp(-s))  # noqa: E731
    e0 = 0.0 if many_to_one else sigmoid(s0) - y0
    e1 = sigmoid(s1) - y1
    expected = score_gradients(e0, e1, dv)
    expected_loss = np.log1p(np.exp(-s1 if y1 else s1)) + (0.0 if many_to_one else
                                                           np.log1p(np.exp(-s0 if y0 else s0)))

    if many_to_one:
        loss, grads = rnn.many_to_one_loss_and_grads(X_TINY, np.array([y1]), params)
    else:
        labels = np.array([[y0], [y1]])
        loss, grads = (rnn.total_loss(X_TINY, labels, params, "classification"),
                       rnn.bptt(X_TINY, labels, params, "classification"))
    assert loss == pytest.approx(expected_loss, rel=1e-14)
    for key in ("U", "W", "b"):
        np.testing.assert_allclose(grads[key].ravel(), [expected[key.lower()]], rtol=1e-12,
                                   err_msg=key)
    np.testing.assert_allclose(grads["V"], [[-expected["v"], expected["v"]]], rtol=1e-12)
    np.testing.assert_allclose(grads["c"], [-expected["c"], expected["c"]], rtol=1e-12)


def test_with_one_class_the_classification_loss_and_gradients_are_zero():
    case = random_case(3, 2, 2, 3, 1, seed=0)
    labels = np.zeros((3, 2), dtype=int)
    assert rnn.total_loss(case["X"], labels, case["params"], "classification") == 0.0
    grads = rnn.bptt(case["X"], labels, case["params"], "classification")
    assert all(not grads[key].any() for key in PARAMETERS)


# --------------------------------------------------------------------------------------------
# Forward pass and losses against SPEC section 1 written as loops over single sequences
# --------------------------------------------------------------------------------------------


def test_forward_heads_and_losses_match_the_spec_equations():
    case = random_case(5, 3, 2, 4, 3, seed=1)
    X, (U, W, b, V, c) = case["X"], (case["params"][key] for key in PARAMETERS)
    loss_regression = loss_classification = 0.0
    states = np.zeros((5, 3, 4))
    for n in range(3):
        for t in range(5):
            recurrent = states[t - 1, n] @ W if t > 0 else 0.0
            states[t, n] = np.tanh(recurrent + X[t, n] @ U + b)
            z = states[t, n] @ V + c
            loss_regression += 0.5 * sum((z - case["Y"][t, n]) ** 2)
            loss_classification -= np.log(np.exp(z[case["labels"][t, n]]) / np.exp(z).sum())

    np.testing.assert_allclose(rnn.rnn_forward(X, U, W, b), states, rtol=1e-14)
    assert rnn.total_loss(X, case["Y"], case["params"], "regression") == pytest.approx(
        loss_regression, rel=1e-13)
    assert rnn.total_loss(X, case["labels"], case["params"], "classification") == pytest.approx(
        loss_classification, rel=1e-13)


# --------------------------------------------------------------------------------------------
# softmax at extreme logits, against exact values
# --------------------------------------------------------------------------------------------


def test_softmax_is_exact_and_finite_at_extreme_logits():
    Z = np.array([[1e4, 1e4 - np.log(3)],     # -> 3/4, 1/4
                  [0.0, np.log(3)],            # a row whose maximum is 1e4 below the first's
                  [-1e4, -1e4],                # -> 1/2, 1/2
                  [1e4, -1e4]])                # -> 1, 0 (exp(-2e4) underflows to exactly 0)
    expected = np.array([[0.75, 0.25], [0.25, 0.75], [0.5, 0.5], [1.0, 0.0]])
    # 1e4 - log 3 is itself rounded (by up to 1e-12), so agreement is to ~1e-12, not to the ulp.
    np.testing.assert_allclose(rnn.softmax(Z), expected, rtol=1e-10, atol=0)
    three_d = np.stack([Z, Z[::-1] - 1e4])    # (2, 4, 2): every row on its own
    np.testing.assert_allclose(rnn.softmax(three_d), np.stack([expected, expected[::-1]]),
                               rtol=1e-10, atol=0)


# --------------------------------------------------------------------------------------------
# state_jacobian_norms against a finite-difference Jacobian
# --------------------------------------------------------------------------------------------


def last_state_from(h_t, t, x, U, W, b):
    """h_{T-1} of one sequence (inputs x, shape (T, D)) when its state at step t is h_t."""
    h = h_t
    for x_s in x[t + 1:]:
        h = np.tanh(h @ W + x_s @ U + b)
    return h


@pytest.mark.parametrize("sizes", [(6, 2, 3, 4), (1, 1, 2, 3), (4, 3, 1, 1)],
                         ids=["T=6", "T=1,N=1", "H=1"])
def test_state_jacobian_norms_match_finite_differences(sizes):
    T, N, D, H = sizes
    case = random_case(T, N, D, H, 1, seed=sum(sizes))
    X, U, W, b = case["X"], case["params"]["U"], 1.5 * case["params"]["W"], case["params"]["b"]
    Hs = rnn.rnn_forward(X, U, W, b)
    norms = rnn.state_jacobian_norms(X, U, W, b)
    assert norms.shape == (T, N)
    np.testing.assert_array_equal(norms[T - 1], np.full(N, np.sqrt(H)))
    for n in range(N):
        for t in range(T):
            jacobian = np.zeros((H, H))
            for j in range(H):
                nudge = np.eye(H)[j] * STEP
                jacobian[:, j] = (last_state_from(Hs[t, n] + nudge, t, X[:, n], U, W, b)
                                  - last_state_from(Hs[t, n] - nudge, t, X[:, n], U, W, b)
                                  ) / (2 * STEP)
            assert norms[t, n] == pytest.approx(np.linalg.norm(jacobian), rel=1e-7), (t, n)


# --------------------------------------------------------------------------------------------
# stacked_rnn_forward against rnn_forward composed by hand
# --------------------------------------------------------------------------------------------


def test_stacked_rnn_forward_composes_rnn_forward_layer_by_layer():
    rng = np.random.default_rng(2)
    T, N, widths = 4, 2, (3, 5, 2, 4)      # D, then H_0, H_1, H_2: all different
    X = rng.normal(size=(T, N, widths[0]))
    layers = [{"U": rng.normal(size=(fan_in, H)), "W": rng.normal(size=(H, H)),
               "b": rng.normal(size=H)} for fan_in, H in zip(widths, widths[1:])]
    first = rnn.rnn_forward(X, layers[0]["U"], layers[0]["W"], layers[0]["b"])
    second = rnn.rnn_forward(first, layers[1]["U"], layers[1]["W"], layers[1]["b"])
    third = rnn.rnn_forward(second, layers[2]["U"], layers[2]["W"], layers[2]["b"])

    states = rnn.stacked_rnn_forward(X, layers)
    assert isinstance(states, list) and len(states) == 3
    for got, expected in zip(states, (first, second, third)):
        np.testing.assert_array_equal(got, expected)


# --------------------------------------------------------------------------------------------
# Every function: arguments unchanged, float64 results
# --------------------------------------------------------------------------------------------

CASE = random_case(4, 3, 2, 5, 3, seed=3)
_P = CASE["params"]
_HS = rnn.rnn_forward(CASE["X"], _P["U"], _P["W"], _P["b"])
CALLS = {
    "rnn_step": (CASE["X"][1], _HS[0], _P["U"], _P["W"], _P["b"]),
    "rnn_forward": (CASE["X"], _P["U"], _P["W"], _P["b"]),
    "regression_head": (_HS, _P["V"], _P["c"]),
    "softmax": (_HS,),
    "classification_head": (_HS, _P["V"], _P["c"]),
    "squared_error_loss": (_HS[:, :, :3], CASE["Y"]),
    "cross_entropy_loss": (rnn.softmax(CASE["Y"]), CASE["labels"]),
    "total_loss": (CASE["X"], CASE["Y"], _P, "regression"),
    "bptt": (CASE["X"], CASE["labels"], _P, "classification"),
    "stacked_rnn_forward": (CASE["X"], [{"U": _P["U"], "W": _P["W"], "b": _P["b"]},
                                        {"U": _P["W"], "W": _P["W"].T, "b": -_P["b"]}]),
    "many_to_one_loss_and_grads": (CASE["X"], CASE["last_labels"], _P),
    "state_jacobian_norms": (CASE["X"], _P["U"], _P["W"], _P["b"]),
}


def number_types(value):
    """The dtype (arrays) or type (scalars) of every number in `value`, through lists and dicts."""
    if isinstance(value, dict):
        return [kind for item in value.values() for kind in number_types(item)]
    if isinstance(value, (list, tuple)):
        return [kind for item in value for kind in number_types(item)]
    return [value.dtype if isinstance(value, np.ndarray) else type(value)]


def test_every_spec_function_is_covered():
    assert set(CALLS) == set(feedback.FUNCTIONS)


@pytest.mark.parametrize("name", CALLS)
def test_functions_leave_their_arguments_unchanged_and_return_float64(name):
    arguments = CALLS[name]
    pristine = copy.deepcopy(arguments)
    result = getattr(rnn, name)(*arguments)
    np.testing.assert_equal(arguments, pristine)   # values and shapes, through dicts and lists
    assert number_types(arguments) == number_types(pristine)
    assert all(kind in (np.float64, float) for kind in number_types(result)), number_types(result)
