"""Hidden tests for total_loss: the forward pass and the loss of every step, summed."""

from rnn_bptt.hidden import (INFINITE_LOSS, agreement_test, every_case, same_twice_test,
                             unchanged_test)

TASKS = ("regression", "classification")

test_total_loss_regression = agreement_test(
    "total_loss", [("distinct", "regression")], 1.5,
    "total_loss for regression sums the squared-error loss of every step and sequence.")

test_total_loss_classification = agreement_test(
    "total_loss", [("distinct", "classification")], 1.5,
    "total_loss for classification sums the cross-entropy of every step and sequence.")

test_total_loss_all_sizes = agreement_test(
    "total_loss", every_case(TASKS, exclude=INFINITE_LOSS), 2,
    "total_loss is right for both tasks and every size, T = 1, N = 1 and K = 1 included.")

test_total_loss_arguments_unchanged = unchanged_test("total_loss", "distinct", "classification")
test_total_loss_same_answer_twice = same_twice_test("total_loss", "distinct", "regression")
