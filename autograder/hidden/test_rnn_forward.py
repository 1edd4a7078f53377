"""Hidden tests for rnn_forward: the hidden states of a whole batch of sequences."""

from rnn_bptt.hidden import agreement_test, same_twice_test, unchanged_test

test_rnn_forward_distinct_sizes = agreement_test(
    "rnn_forward", [("distinct", None), ("long", None)], 2,
    "rnn_forward returns every hidden state when T, N, D, H and K all differ (T = 7 and 24).")

test_rnn_forward_square_sizes = agreement_test(
    "rnn_forward", [("square", None)], 2,
    "rnn_forward is right when every size is the same and W is not symmetric.")

test_rnn_forward_one_step = agreement_test(
    "rnn_forward", [("one_step", None)], 1,
    "rnn_forward is right for sequences of length T = 1 (h_0 has no recurrent term).")

test_rnn_forward_two_steps = agreement_test(
    "rnn_forward", [("two_steps", None)], 1,
    "rnn_forward is right for sequences of length T = 2.")

test_rnn_forward_single_sequence = agreement_test(
    "rnn_forward", [("one_sequence", None), ("one_output", None)], 1,
    "rnn_forward is right for a batch of a single sequence (N = 1) and for N != T.")

test_rnn_forward_arguments_unchanged = unchanged_test("rnn_forward", "distinct")
test_rnn_forward_same_answer_twice = same_twice_test("rnn_forward", "distinct")
