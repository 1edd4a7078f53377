"""Hidden tests for softmax: over the last axis, finite for any finite logits."""

from rnn_bptt.hidden import agreement_test, every_case, same_twice_test, unchanged_test

test_softmax_distinct_sizes = agreement_test(
    "softmax", [("distinct", None)], 1,
    "softmax of a (T, N, K) array is taken over the last axis.")

test_softmax_square_sizes = agreement_test(
    "softmax", [("square", None)], 1,
    "softmax is taken over the last axis even when T = N = K.")

test_softmax_extreme_logits = agreement_test(
    "softmax", [("extreme", None)], 2,
    "softmax stays finite and exact for logits of 1e4 and rows whose maxima differ by 1e4.")

test_softmax_large_output_layer_logits = agreement_test(
    "softmax", [("large_logits", None)], 0.5,
    "softmax is right for logits of order 1e4 coming out of an output layer.")

test_softmax_all_sizes = agreement_test(
    "softmax", every_case(), 0.5,
    "softmax is right for every size, a single class (K = 1) included.")

test_softmax_arguments_unchanged = unchanged_test("softmax", "distinct")
test_softmax_same_answer_twice = same_twice_test("softmax", "distinct")
