"""Hidden tests for squared_error_loss: 1/2 * the sum of squared differences."""

from rnn_bptt.hidden import agreement_test, every_case, same_twice_test, unchanged_test

test_squared_error_loss_distinct_sizes = agreement_test(
    "squared_error_loss", [("distinct", None)], 1.5,
    "squared_error_loss is 1/2 times the sum (not the mean) of the squared differences.")

test_squared_error_loss_all_sizes = agreement_test(
    "squared_error_loss", every_case(), 1.5,
    "squared_error_loss is right for every size, T = 1, N = 1 and K = 1 included.")

test_squared_error_loss_arguments_unchanged = unchanged_test("squared_error_loss", "distinct")
test_squared_error_loss_same_answer_twice = same_twice_test("squared_error_loss", "distinct")
