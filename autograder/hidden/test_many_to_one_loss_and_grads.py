"""Hidden tests for many_to_one_loss_and_grads: a loss at the last step, gradients through all."""

import numpy as np

from rnn_bptt.cases import PARAMETERS
from rnn_bptt.feedback import (Failure, SharedPoints, check_gradients, check_pair, check_scalar,
                               points)
from rnn_bptt.hidden import (INFINITE_LOSS, agreement_test, every_case, finite_difference_test,
                             same_twice_test, unchanged_test)

FUNCTION = "many_to_one_loss_and_grads"

test_many_to_one_loss_and_grads_loss = agreement_test(
    FUNCTION, [("distinct", None), ("two_steps", None)], 1.5,
    "many_to_one_loss_and_grads returns the cross-entropy of the last step only, summed over N.",
    part="loss")

test_many_to_one_loss_and_grads_gradients = agreement_test(
    FUNCTION, [("distinct", None), ("long", None)], 3,
    "many_to_one_loss_and_grads returns every gradient, flowing back through all 7 or 24 steps.",
    part="grads")

test_many_to_one_loss_and_grads_square_sizes = agreement_test(
    FUNCTION, [("square", None)], 1.5,
    "many_to_one_loss_and_grads is right when every size is the same and W is not symmetric.")

test_many_to_one_loss_and_grads_all_sizes = agreement_test(
    FUNCTION, every_case(exclude=INFINITE_LOSS), 2,
    "many_to_one_loss_and_grads is right for every size, T = 1, N = 1 and K = 1 included.")

test_many_to_one_loss_and_grads_finite_differences = finite_difference_test(
    FUNCTION, "distinct", None, 3,
    "many_to_one_loss_and_grads' gradients match central finite differences of the loss.")


@points(3)
def test_many_to_one_loss_and_grads_hand_derivation(student):
    """many_to_one_loss_and_grads matches a hand derivation (D = H = 1, K = 2, T = 2), shared."""
    x0, x1, label = -0.6, 0.9, 1
    u, w, b = 0.7, -1.2, 0.3
    v, c = np.array([-0.8, 1.4]), np.array([0.2, 0.1])    # V is (1, 2), c is (2,)
    h0 = np.tanh(x0 * u + b)
    h1 = np.tanh(h0 * w + x1 * u + b)
    p1 = np.exp(h1 * v + c) / np.exp(h1 * v + c).sum()
    dz1 = p1 - np.eye(2)[label]                  # only the last step has a loss
    da1 = (dz1 @ v) * (1 - h1 ** 2)
    da0 = da1 * w * (1 - h0 ** 2)                # h_0 reaches the loss only through h_1
    expected = {"U": [[da0 * x0 + da1 * x1]], "W": [[da1 * h0]], "b": [da0 + da1],
                "V": [h1 * dz1], "c": dz1}
    params = {"U": np.array([[u]]), "W": np.array([[w]]), "b": np.array([b]),
              "V": v[None, :], "c": c}
    what = f"{FUNCTION} on one sequence of two steps, D = H = 1, K = 2"
    shares = SharedPoints(["loss", *PARAMETERS])
    got = student.many_to_one_loss_and_grads(np.array([[[x0]], [[x1]]]), np.array([label]),
                                             params)
    try:
        loss, grads = check_pair(got, what, "loss, grads")
    except Failure as failure:
        shares.fail(failure)
    else:
        sizes = {"T": 2, "N": 1, "K": 2}
        shares.check(["loss"], check_scalar, loss, -np.log(p1[label]), f"the loss of {what}",
                     sizes=sizes)
        shares.check(PARAMETERS, check_gradients, grads, expected, f"the gradients of {what}",
                     sizes=sizes)
    return shares.settle()


test_many_to_one_loss_and_grads_arguments_unchanged = unchanged_test(FUNCTION, "distinct")
test_many_to_one_loss_and_grads_same_answer_twice = same_twice_test(FUNCTION, "distinct")
