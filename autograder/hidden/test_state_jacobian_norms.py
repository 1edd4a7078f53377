"""Hidden tests for state_jacobian_norms: the norms of d h_{T-1} / d h_t."""

import numpy as np

from rnn_bptt.hidden import agreement_test, every_case, same_twice_test, unchanged_test
from rnn_bptt.feedback import check_array, points

test_state_jacobian_norms_distinct_sizes = agreement_test(
    "state_jacobian_norms", [("distinct", None), ("long", None)], 2,
    "state_jacobian_norms gives the norm of d h_{T-1} / d h_t at every step, over 7 and 24 steps.")

test_state_jacobian_norms_square_sizes = agreement_test(
    "state_jacobian_norms", [("square", None)], 2,
    "state_jacobian_norms multiplies the step Jacobians in the right order, W not symmetric.")

test_state_jacobian_norms_all_sizes = agreement_test(
    "state_jacobian_norms", every_case(), 2,
    "state_jacobian_norms is right for every size, T = 1 and N = 1 included.")


@points(1)
def test_state_jacobian_norms_hand_derivation(student):
    """state_jacobian_norms matches a hand derivation for H = D = 1, N = 1 and T = 2."""
    x0, x1, u, w, b = 0.4, -0.9, 1.3, 0.7, 0.2
    h0 = np.tanh(x0 * u + b)
    h1 = np.tanh(h0 * w + x1 * u + b)
    expected = [[abs(w * (1 - h1 ** 2))],        # d h_1 / d h_0 = (1 - h_1^2) w
                [1.0]]                           # d h_1 / d h_1 = 1 = sqrt(H)
    got = student.state_jacobian_norms(np.array([[[x0]], [[x1]]]), np.array([[u]]),
                                       np.array([[w]]), np.array([b]))
    check_array(got, expected, "state_jacobian_norms on one sequence of two steps, H = D = 1",
                time_axis=0, kind="jacobian norms")


test_state_jacobian_norms_arguments_unchanged = unchanged_test("state_jacobian_norms", "distinct")
test_state_jacobian_norms_same_answer_twice = same_twice_test("state_jacobian_norms", "distinct")
