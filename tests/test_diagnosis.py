"""The diagnosis: patterns read from one wrong answer, misconceptions named from every input, and
the report that starts where to fix. Hand-built wrong answers here; the corpus is measured by
benchmarks/feedback_quality.py (and checked below for its own labels)."""

import math
import warnings

import numpy as np
import pytest

from rnn_bptt import cases, corpus, feedback, grading, report
from rnn_bptt.feedback import Failure, InProcess, check_array, check_scalar, diagnose, run_test
from rnn_bptt.feedback.diagnosis import call_sizes, distinct
from rnn_bptt.feedback.patterns import patterns
from rnn_bptt.hidden import all_tests
from rnn_bptt.variants import VARIANTS

RNG = np.random.default_rng(3)
HS = np.tanh(RNG.normal(size=(5, 3, 4)))
OUTPUTS = 2.5 * RNG.normal(size=(5, 3, 4))


def names(got, expected, **options):
    with pytest.raises(Failure) as caught:
        check_array(got, expected, "values", **options)
    (evidence,) = caught.value.evidence
    return [pattern.name for pattern in patterns(evidence)]


@pytest.mark.parametrize("got, options, name", [
    (-HS, {}, "opposite sign"),
    (2 * HS, {}, "twice"),
    (HS / 2, {}, "half"),
    (0 * HS, {}, "zero"),
    (HS / 15, {"sizes": {"T": 5, "N": 3, "K": 4}}, "mean over T*N"),
    (HS * 4, {"sizes": {"T": 5, "N": 3, "K": 4}}, "repeated over K"),
    (HS / math.log(10), {}, "log base 10"),
    (OUTPUTS ** 2, {}, "squared"),
    (np.sign(OUTPUTS) * np.sqrt(np.abs(OUTPUTS)), {}, "square root"),
    (HS[::-1], {}, "time reversed"),
    (np.concatenate([HS[:1], HS[:-1]]), {}, "one step late"),
    (np.broadcast_to(HS[:, :1], HS.shape), {}, "first sequence everywhere"),
    (np.swapaxes(HS, -1, -2)[:, :3, :3], {}, None),          # shapes differ: no pattern read
    (np.tanh(OUTPUTS), {"kind": "outputs"}, "inside (-1, 1)"),
    (1 / (1 + np.exp(-OUTPUTS)), {"kind": "outputs"}, "inside (0, 1)"),
    (np.maximum(OUTPUTS, 0), {"kind": "outputs"}, "negatives made zero"),
    (np.clip(OUTPUTS, -1.5, 1.5), {}, "clipped"),
    (OUTPUTS + np.array([0.1, -0.2, 0.0, 0.3]), {"kind": "outputs"}, "same error in every row"),
    (OUTPUTS * (1 + 1e-5 * RNG.normal(size=OUTPUTS.shape)), {}, "float32 precision"),
])
def test_patterns_are_read_from_one_wrong_answer(got, options, name):
    expected = OUTPUTS if name in ("squared", "square root", "inside (-1, 1)", "inside (0, 1)", "negatives made zero",
                                   "clipped", "same error in every row",
                                   "float32 precision") else HS
    if name is None:
        with pytest.raises(Failure, match="wrong shape"):
            check_array(got, expected, "values")
        return
    assert name in names(np.ascontiguousarray(got), expected, **options)


def test_a_mean_over_equal_sizes_names_every_reading_and_other_sizes_pick_one():
    assert {"mean over T", "mean over N"} <= set(names(HS / 4, HS, sizes={"T": 4, "N": 4}))
    assert "mean over N" not in names(HS / 5, HS, sizes={"T": 5, "N": 3})


def test_probabilities_normalised_over_the_wrong_axis_are_named():
    logits = RNG.normal(size=(5, 3, 4))
    right = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    over_time = np.exp(logits) / np.exp(logits).sum(axis=0, keepdims=True)
    assert "normalised over the wrong axis" in names(over_time, right, kind="probabilities")
    assert "not normalised" in names(np.exp(logits), right, kind="probabilities")


@pytest.mark.parametrize("relative_error", [3e-6, 0.5])
def test_one_stray_entry_shows_no_pattern(relative_error):
    for expected in (HS, OUTPUTS):
        got = expected.copy()
        got[1, 2, 3] *= 1 + relative_error
        assert names(got, expected, kind="outputs", time_axis=0) == []


def test_a_wrong_number_shows_only_exact_ratios():
    with pytest.raises(Failure) as caught:
        check_scalar(41.5 / 21, 41.5, "the loss", sizes={"T": 7, "N": 3, "K": 4})
    assert [p.name for p in patterns(caught.value.evidence[0])] == ["mean over T*N"]
    with pytest.raises(Failure) as caught:
        check_scalar(40.0, 41.5, "the loss", sizes={"T": 7, "N": 3, "K": 4})
    assert patterns(caught.value.evidence[0]) == []


def test_calls_with_every_size_different_are_the_non_degenerate_ones():
    assert distinct(call_sizes("bptt", cases.inputs("bptt", "distinct", "regression")))
    assert not distinct(call_sizes("bptt", cases.inputs("bptt", "square", "regression")))
    assert distinct(call_sizes("rnn_step", cases.inputs("rnn_step", "distinct", 0)))


# --------------------------------------------------------------------------------------------
# Misconceptions named from every input of a question
# --------------------------------------------------------------------------------------------


def diagnosed(functions):
    """The diagnoses of a student whose functions are the reference's but for `functions`."""
    namespace = {name: getattr(cases.reference, name) for name in feedback.FUNCTIONS}
    namespace.update(functions)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        results = [run_test(test, InProcess(namespace), name) for name, test in all_tests()]
        return diagnose(results, VARIANTS)


def test_a_misconception_is_named_when_it_gives_every_wrong_answer():
    (diagnosis,) = diagnosed({"rnn_step": VARIANTS.function("ReLU instead of tanh",
                                                            "rnn_step")}).values()
    assert diagnosis.leading_names() == ["ReLU instead of tanh"]
    assert diagnosis.lines()[0].startswith("ReLU instead of tanh: ")


def test_nothing_is_named_when_one_wrong_answer_disagrees():
    relu = VARIANTS.function("ReLU instead of tanh", "rnn_step")

    def relu_but_late_steps_off(x_t, h_prev, U, W, b):
        return relu(x_t, h_prev, U, W, b) + (0.0 if h_prev is None else 0.01)
    (diagnosis,) = diagnosed({"rnn_step": relu_but_late_steps_off}).values()
    assert "ReLU instead of tanh" not in diagnosis.names()


def test_a_mistake_seen_only_on_degenerate_inputs_names_no_misconception():
    def squeezed(Hs, V, c):
        return np.squeeze(Hs @ V + c)
    (diagnosis,) = diagnosed({"regression_head": squeezed}).values()
    assert diagnosis.misconceptions == []
    assert diagnosis.leading_names() == ["axis of size 1 dropped"]


def test_a_ratio_is_named_by_the_size_that_explains_every_input():
    def mean_over_batch(Y_hat, Y):
        return cases.reference.squared_error_loss(Y_hat, Y) / Y.shape[1]
    (diagnosis,) = diagnosed({"squared_error_loss": mean_over_batch}).values()
    assert diagnosis.leading_names() == ["mean over N"]


def test_a_modified_argument_is_said_beside_a_named_misconception():
    relu = VARIANTS.function("ReLU instead of tanh", "rnn_step")

    def relu_in_place(x_t, h_prev, U, W, b):
        result = relu(x_t, h_prev, U, W, b)
        if h_prev is not None:
            h_prev[...] = 0
        return result
    (diagnosis,) = diagnosed({"rnn_step": relu_in_place}).values()
    assert diagnosis.names() == ["ReLU instead of tanh", "modifies its arguments"]


# --------------------------------------------------------------------------------------------
# The corpus: error carried forward keeps the diagnosis on the question whose code is wrong
# --------------------------------------------------------------------------------------------

SAMPLE = ["rnn_step_w_transposed", "rnn_forward_no_recurrence", "softmax_unstable",
          "bptt_tanh_derivative_one_minus_h", "squared_error_loss_mean_over_time"]


@pytest.mark.parametrize("stem", SAMPLE)
def test_only_the_wrong_function_is_diagnosed_and_its_label_leads(stem):
    path = corpus.CORPUS / "wrong" / f"{stem}.py"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        results = corpus.grade_in_process(path)
    diagnosed_questions = {result.question for result in results if result.diagnosis}
    assert diagnosed_questions == {feedback.question_of(f"test_{stem}")}
    diagnosis = next(result.diagnosis for result in results if result.diagnosis)
    assert corpus.misconception(path) in diagnosis.leading_names()


def feedback_text(stem, output="", echo_output=True):
    path = corpus.CORPUS / "wrong" / f"{stem}.py"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        results = corpus.grade_in_process(path)
    record = grading.make_record(path.name, grading.Suite(all_tests()), results, None, output,
                                 "in this process", 0.0)
    return record, report.feedback(record, echo_output)


def test_the_report_starts_where_to_fix_and_says_each_diagnosis_once():
    record, text = feedback_text("rnn_step_relu")
    lines = text.splitlines()
    start = next(line for line in lines if line.startswith("Start here"))
    assert start == "Start here: rnn_step: ReLU instead of tanh"
    assert text.count("the new state must go through tanh") == 1
    assert len(lines) <= 25
    assert record["questions"]["rnn_step"]["diagnosis"]["names"] == ["ReLU instead of tanh"]
    assert all(test["message"] for test in record["questions"]["rnn_step"]["tests"]
               if not test["passed"])


def test_printed_output_is_capped_and_can_be_left_out():
    printed = "\n".join(f"line {i}" for i in range(50))
    _, text = feedback_text("rnn_step_relu", printed)
    assert "line 19" in text and "line 20" not in text and "30 more lines not shown" in text
    _, text = feedback_text("rnn_step_relu", printed, echo_output=False)
    assert "line 0" not in text and "not shown here" in text


def test_no_diagnosis_prints_an_expected_value():
    _, text = feedback_text("squared_error_loss_mean_over_time")
    expected = cases.expected("squared_error_loss", "distinct")
    assert f"{expected:.4g}" not in text and f"{expected / 7:.4g}" not in text


def test_a_loss_or_gradient_that_leaves_out_a_step_or_a_sequence_says_which():
    reference = cases.reference

    def first_sequence_only(X, Y, params, task):
        return reference.bptt(X[:, :1], Y[:, :1], params, task)

    def without_the_last_step(X, Y, params, task):
        if len(X) == 1:
            return {key: 0 * value for key, value in params.items()}
        return reference.bptt(X[:-1], Y[:-1], params, task)
    (diagnosis,) = diagnosed({"bptt": first_sequence_only}).values()
    assert diagnosis.leading_names() == ["first sequence only"]
    (diagnosis,) = diagnosed({"bptt": without_the_last_step}).values()
    assert diagnosis.leading_names() == ["without the last step"]
    assert "the last step is left out" in diagnosis.lines()[0]
