"""Hidden tests for bptt: the gradients of total_loss by backpropagation through time."""

import numpy as np

from rnn_bptt.cases import PARAMETERS
from rnn_bptt.feedback import SharedPoints, check_gradients, points
from rnn_bptt.hidden import (agreement_test, finite_difference_test, same_twice_test,
                             unchanged_test)

TASKS = ("regression", "classification")

test_bptt_regression_distinct_sizes = agreement_test(
    "bptt", [("distinct", "regression"), ("long", "regression")], 3,
    "bptt gives every gradient of the regression loss over 7 and 24 steps, all sizes different.")

test_bptt_classification_distinct_sizes = agreement_test(
    "bptt", [("distinct", "classification"), ("long", "classification")], 3,
    "bptt gives every gradient of the classification loss over 7 and 24 steps, sizes different.")

test_bptt_regression_square_sizes = agreement_test(
    "bptt", [("square", "regression")], 2,
    "bptt is right for regression when every size is the same and W is not symmetric.")

test_bptt_classification_square_sizes = agreement_test(
    "bptt", [("square", "classification")], 2,
    "bptt is right for classification when every size is the same and W is not symmetric.")

test_bptt_one_step = agreement_test(
    "bptt", [("one_step", task) for task in TASKS], 2,
    "bptt is right for sequences of one step (T = 1), where W gets no gradient.")

test_bptt_two_steps = agreement_test(
    "bptt", [("two_steps", task) for task in TASKS], 2,
    "bptt is right for sequences of two steps (T = 2).")

test_bptt_single_sequence = agreement_test(
    "bptt", [("one_sequence", task) for task in TASKS], 2,
    "bptt is right for a batch of a single sequence (N = 1) over six steps.")

test_bptt_one_output = agreement_test(
    "bptt", [("one_output", task) for task in TASKS], 2,
    "bptt is right with a single output (K = 1) and N != T.")

test_bptt_large_logits = agreement_test(
    "bptt", [("large_logits", "classification")], 1,
    "bptt stays finite and exact for classification with logits of order 1e4.")

test_bptt_regression_finite_differences = finite_difference_test(
    "bptt", "distinct", "regression", 3,
    "bptt's regression gradients match central finite differences of the loss.")

test_bptt_classification_finite_differences = finite_difference_test(
    "bptt", "distinct", "classification", 3,
    "bptt's classification gradients match central finite differences of the loss.")


@points(2)
def test_bptt_regression_by_hand(student):
    """bptt matches a hand derivation (regression, D = H = K = 1, T = 2), a share per gradient."""
    x0, x1, y0, y1 = 0.5, -1.0, 0.3, -0.2
    u, w, b, v, c = 0.8, -0.6, 0.1, 1.5, 0.2
    h0 = np.tanh(x0 * u + b)
    h1 = np.tanh(h0 * w + x1 * u + b)
    e0, e1 = h0 * v + c - y0, h1 * v + c - y1     # d loss / d yhat_t for l = 1/2 (yhat - y)^2
    da1 = e1 * v * (1 - h1 ** 2)                   # h_1 feeds yhat_1 only
    da0 = (e0 * v + da1 * w) * (1 - h0 ** 2)       # h_0 feeds yhat_0 and a_1 = h_0 w + x_1 u + b
    expected = {"U": [[da0 * x0 + da1 * x1]], "W": [[da1 * h0]], "b": [da0 + da1],
                "V": [[e0 * h0 + e1 * h1]], "c": [e0 + e1]}
    params = {"U": np.array([[u]]), "W": np.array([[w]]), "b": np.array([b]),
              "V": np.array([[v]]), "c": np.array([c])}
    got = student.bptt(np.array([[[x0]], [[x1]]]), np.array([[[y0]], [[y1]]]), params,
                       "regression")
    shares = SharedPoints(PARAMETERS)
    shares.check(PARAMETERS, check_gradients, got, expected,
                 "bptt on one regression sequence of two steps, D = H = K = 1",
                 sizes={"T": 2, "N": 1, "K": 1})
    return shares.settle()


@points(2)
def test_bptt_classification_by_hand(student):
    """bptt matches a hand derivation (classification, D = H = 1, K = 2, T = 2), per gradient."""
    x0, x1, label0, label1 = 0.7, -0.4, 1, 0
    u, w, b = 1.1, 0.5, -0.2
    v, c = np.array([0.9, -1.3]), np.array([0.1, -0.3])   # V is (1, 2), c is (2,)
    h0 = np.tanh(x0 * u + b)
    h1 = np.tanh(h0 * w + x1 * u + b)
    p0 = np.exp(h0 * v + c) / np.exp(h0 * v + c).sum()
    p1 = np.exp(h1 * v + c) / np.exp(h1 * v + c).sum()
    dz0 = p0 - np.eye(2)[label0]                  # d(-log p[label]) / dz = p - onehot(label)
    dz1 = p1 - np.eye(2)[label1]
    da1 = (dz1 @ v) * (1 - h1 ** 2)
    da0 = (dz0 @ v + da1 * w) * (1 - h0 ** 2)
    expected = {"U": [[da0 * x0 + da1 * x1]], "W": [[da1 * h0]], "b": [da0 + da1],
                "V": [h0 * dz0 + h1 * dz1], "c": dz0 + dz1}
    params = {"U": np.array([[u]]), "W": np.array([[w]]), "b": np.array([b]),
              "V": v[None, :], "c": c}
    got = student.bptt(np.array([[[x0]], [[x1]]]), np.array([[label0], [label1]]), params,
                       "classification")
    shares = SharedPoints(PARAMETERS)
    shares.check(PARAMETERS, check_gradients, got, expected,
                 "bptt on one classification sequence of two steps, D = H = 1, K = 2",
                 sizes={"T": 2, "N": 1, "K": 2})
    return shares.settle()


test_bptt_arguments_unchanged = unchanged_test("bptt", "distinct", "regression")
test_bptt_same_answer_twice = same_twice_test("bptt", "distinct", "classification")
