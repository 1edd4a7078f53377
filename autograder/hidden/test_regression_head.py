"""Hidden tests for regression_head: yhat_t = h_t V + c at every step."""

from rnn_bptt.hidden import agreement_test, every_case, same_twice_test, unchanged_test

test_regression_head_distinct_sizes = agreement_test(
    "regression_head", [("distinct", None)], 1,
    "regression_head computes h_t V + c at every step when every size differs.")

test_regression_head_square_sizes = agreement_test(
    "regression_head", [("square", None)], 1,
    "regression_head is right when H = K (a square V).")

test_regression_head_all_sizes = agreement_test(
    "regression_head", every_case(), 1,
    "regression_head is right for every size, one output (K = 1) and T = 1 included.")

test_regression_head_arguments_unchanged = unchanged_test("regression_head", "distinct")
test_regression_head_same_answer_twice = same_twice_test("regression_head", "distinct")
