"""Hidden tests for cross_entropy_loss: -sum over t, n of log P[t, n, labels[t, n]]."""

from rnn_bptt.hidden import (INFINITE_LOSS, agreement_test, every_case, same_twice_test,
                             unchanged_test)

test_cross_entropy_loss_distinct_sizes = agreement_test(
    "cross_entropy_loss", [("distinct", None)], 1.5,
    "cross_entropy_loss sums -log of the probability of each step's label (not a mean).")

test_cross_entropy_loss_all_sizes = agreement_test(
    "cross_entropy_loss", every_case(exclude=INFINITE_LOSS), 1.5,
    "cross_entropy_loss is right for every size, T = N = K and K = 1 included.")

test_cross_entropy_loss_arguments_unchanged = unchanged_test("cross_entropy_loss", "distinct")
test_cross_entropy_loss_same_answer_twice = same_twice_test("cross_entropy_loss", "distinct")
