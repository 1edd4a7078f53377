"""Hidden tests for classification_head: yhat_t = softmax(h_t V + c) at every step."""

from rnn_bptt.hidden import agreement_test, every_case, same_twice_test, unchanged_test

test_classification_head_distinct_sizes = agreement_test(
    "classification_head", [("distinct", None)], 1,
    "classification_head returns softmax(h_t V + c) at every step when every size differs.")

test_classification_head_square_sizes = agreement_test(
    "classification_head", [("square", None)], 1,
    "classification_head takes the softmax over the classes even when T = N = H = K.")

test_classification_head_large_logits = agreement_test(
    "classification_head", [("large_logits", None)], 0.5,
    "classification_head stays finite and exact when the logits are of order 1e4.")

test_classification_head_all_sizes = agreement_test(
    "classification_head", every_case(), 0.5,
    "classification_head is right for every size, a single class (K = 1) included.")

test_classification_head_arguments_unchanged = unchanged_test("classification_head", "distinct")
test_classification_head_same_answer_twice = same_twice_test("classification_head", "distinct")
