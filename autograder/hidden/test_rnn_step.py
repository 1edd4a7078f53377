"""Hidden tests for rnn_step: one step h_t = tanh(h_{t-1} W + x_t U + b)."""

from rnn_bptt.hidden import agreement_test, same_twice_test, unchanged_test

test_rnn_step_first_step = agreement_test(
    "rnn_step", [("distinct", 0)], 1,
    "rnn_step computes h_0 = tanh(x_0 U + b) when h_prev is None.")

test_rnn_step_recurrence_row_form = agreement_test(
    "rnn_step", [("square", 2)], 1.5,
    "rnn_step uses the row form h_{t-1} W + x_t U + b with a square, non-symmetric W.")

test_rnn_step_distinct_sizes = agreement_test(
    "rnn_step", [("distinct", 6)], 1,
    "rnn_step is right at a late step with T, N, D, H and K all different.")

test_rnn_step_all_sizes = agreement_test(
    "rnn_step", [("one_sequence", 0), ("one_sequence", 3), ("one_output", 4), ("two_steps", 1)],
    0.5, "rnn_step is right for a single sequence (N = 1) and other small sizes.")

test_rnn_step_arguments_unchanged = unchanged_test("rnn_step", "distinct", 3)
test_rnn_step_same_answer_twice = same_twice_test("rnn_step", "distinct", 3)
