"""Hidden tests for stacked_rnn_forward: layer l reads the hidden states of layer l-1."""

from rnn_bptt.hidden import agreement_test, every_case, same_twice_test, unchanged_test

test_stacked_rnn_forward_three_layers = agreement_test(
    "stacked_rnn_forward", [("distinct", None)], 2,
    "stacked_rnn_forward returns the states of three layers of different sizes, bottom first.")

test_stacked_rnn_forward_square_sizes = agreement_test(
    "stacked_rnn_forward", [("square", None)], 1,
    "stacked_rnn_forward is right for two layers when every size is the same.")

test_stacked_rnn_forward_one_layer = agreement_test(
    "stacked_rnn_forward", [("one_sequence", None), ("large_logits", None)], 1,
    "stacked_rnn_forward with a single layer returns a list holding that layer's states.")

test_stacked_rnn_forward_all_sizes = agreement_test(
    "stacked_rnn_forward", every_case(), 1,
    "stacked_rnn_forward is right for every size, T = 1 and N = 1 included.")

test_stacked_rnn_forward_arguments_unchanged = unchanged_test("stacked_rnn_forward", "distinct")
test_stacked_rnn_forward_same_answer_twice = same_twice_test("stacked_rnn_forward", "distinct")
