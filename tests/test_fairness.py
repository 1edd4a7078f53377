"""Error carried forward: one mistake costs one question, in-process (Otter) and in the sandbox.

Each question is judged on its own function's code: a test that fails because the function calls
another one that fails its own tests runs again with a correct stand-in in its place (only that
one), and a hang costs the hanging function only.
"""

import warnings

import numpy as np
import pytest

from rnn_bptt import corpus, fairness, grading
from rnn_bptt.feedback import load_student, question_of
from rnn_bptt.hidden import all_tests
from rnn_bptt.sandbox.client import Zygote
from rnn_bptt.solutions import rnn as reference
from rnn_bptt.solutions import REFERENCE as REFERENCE_FILE

REFERENCE = REFERENCE_FILE.read_text(encoding="utf-8")
RNG = np.random.default_rng(5)


@pytest.fixture(scope="module")
def tests():
    return all_tests()


@pytest.fixture(scope="module")
def zygote():
    with Zygote() as zygote:
        yield zygote


def reference_with(old, new):
    assert old in REFERENCE, f"the reference no longer contains {old!r}"
    return REFERENCE.replace(old, new, 1)


def lost_points(results):
    """{question: points lost} for the questions that lost any."""
    lost = {}
    for result in results:
        if result.points < result.max_points:
            lost[result.question] = lost.get(result.question, 0) + result.max_points - result.points
    return lost


def in_process(source, tests):
    return fairness.grade(tests, load_student(source, "rnn.py"), reference)


def sandboxed(zygote, source, tests, **limits):
    with zygote.load(source, "rnn.py", **limits) as student:
        return fairness.grade(tests, student, reference)


# Single mistakes in functions that others call: only their own question loses points.
MISTAKES = {
    "rnn_step": ("pre_activation = x_t @ U + b", "pre_activation = x_t @ U"),
    "softmax": ("shifted = Z - Z.max(axis=-1, keepdims=True)", "shifted = Z"),
    "rnn_forward": ("return np.stack(states)", "return np.stack(states[::-1])"),
    "squared_error_loss": ("return 0.5 * float(np.sum((Y_hat - Y) ** 2))",
                           "return float(np.sum((Y_hat - Y) ** 2))"),
}


@pytest.mark.parametrize("question", MISTAKES)
def test_a_mistake_costs_its_own_question_only(tests, question):
    results = in_process(reference_with(*MISTAKES[question]), tests)
    assert set(lost_points(results)) == {question}


def test_the_sandbox_carries_errors_forward_too(zygote, tests):
    results = sandboxed(zygote, reference_with(*MISTAKES["rnn_step"]), tests)
    assert set(lost_points(results)) == {"rnn_step"}
    helped = [result for result in results if result.stand_ins]
    assert helped and all(result.stand_ins == ["rnn_step"] for result in helped)
    assert all(result.message.startswith("Graded with a correct `rnn_step` in place of yours")
               for result in helped)


def test_a_loop_in_softmax_costs_softmax_only(zygote, tests):
    source = reference_with("def softmax(Z):", "def softmax(Z):\n    while True:\n        pass")
    with zygote.load(source, "rnn.py", call_timeout=0.5) as student:
        results = fairness.grade(tests, student, reference)
        assert not student.out_of_time
    assert set(lost_points(results)) == {"softmax"}
    assert any("not run again" in result.message for result in results
               if result.question == "softmax")


def test_only_failing_functions_are_replaced_so_state_shared_by_right_ones_survives(tests):
    """rnn_forward (right) leaves its states in a cache that bptt (right) reads: with rnn_step
    wrong, bptt still scores full marks, since only rnn_step is stood in for."""
    source = reference_with(*MISTAKES["rnn_step"]) + '''
_cache = {}
_forward, _bptt = rnn_forward, bptt

def rnn_forward(X, U, W, b):
    _cache["Hs"] = _forward(X, U, W, b)
    return _cache["Hs"]

def bptt(X, Y, params, task):
    _cache.clear()
    rnn_forward(X, params["U"], params["W"], params["b"])
    assert "Hs" in _cache, "bptt reads the states its rnn_forward cached"
    return _bptt(X, Y, params, task)
'''
    assert set(lost_points(in_process(source, tests))) == {"rnn_step"}


@pytest.mark.parametrize("how", ["helper", "class", "missing"])
def test_a_stand_in_answers_however_the_call_reaches_it(tests, how):
    wrong_forward = reference_with(*MISTAKES["rnn_forward"])
    sources = {
        # bptt reaches rnn_forward through a helper of the student's own
        "helper": wrong_forward.replace("Hs = rnn_forward(X, U, W, b)\n    logits",
                                        "Hs = _states(X, U, W, b)\n    logits")
        + "\n\ndef _states(X, U, W, b):\n    return rnn_forward(X, U, W, b)\n",
        # ... through a method of a class
        "class": wrong_forward.replace("Hs = rnn_forward(X, U, W, b)\n    logits",
                                       "Hs = _Model().states(X, U, W, b)\n    logits")
        + "\n\nclass _Model:\n    def states(self, X, U, W, b):\n"
          "        return rnn_forward(X, U, W, b)\n",
        # ... or the file does not define rnn_forward at all
        "missing": REFERENCE.replace("def rnn_forward(", "def _unused_forward("),
    }
    lost = lost_points(in_process(sources[how], tests))
    assert "rnn_forward" in lost and "bptt" not in lost and "total_loss" not in lost


def test_no_stand_in_answers_while_its_own_function_is_tested(zygote, tests):
    """A submission keeps the stand-in its total_loss is given, and its rnn_forward calls it:
    the grader refuses, so rnn_forward earns nothing it did not compute."""
    source = REFERENCE + '''
_kept = []
_total = total_loss

def total_loss(X, Y, params, task):
    _kept.append(rnn_forward)
    return _total(X, Y, params, task)

def rnn_forward(X, U, W, b):
    for kept in _kept:
        try:
            return kept(X, U, W, b)
        except Exception:
            pass
    return np.zeros((X.shape[0], X.shape[1], U.shape[1]))
'''
    X, U, W, b = (RNG.normal(size=shape) for shape in ((3, 2, 4), (4, 5), (5, 5), (5,)))
    params = {"U": U, "W": W, "b": b, "V": RNG.normal(size=(5, 2)), "c": RNG.normal(size=2)}
    with zygote.load(source, "rnn.py") as student:
        with student.standing_in(["rnn_forward"], reference) as helped:
            helped.total_loss(X, RNG.normal(size=(3, 2, 2)), params, "regression")
            assert helped.answered == {"rnn_forward"}
            assert not helped.rnn_forward(X, U, W, b).any()   # the kept stand-in refused


def test_stand_in_calls_are_capped(zygote):
    source = REFERENCE + '''
def total_loss(X, Y, params, task):
    answered = 0
    try:
        rnn_forward(np.zeros((1000, 1000, 1)), np.zeros((1, 1)), np.zeros((1, 1)), np.zeros(1))
        answered += 1
    except Exception:
        pass
    for _ in range(5000):
        try:
            rnn_forward(X, params["U"], params["W"], params["b"])
            answered += 1
        except Exception:
            pass
    return float(answered)
'''
    X = RNG.normal(size=(3, 2, 4))
    params = {"U": RNG.normal(size=(4, 5)), "W": RNG.normal(size=(5, 5)), "b": RNG.normal(size=5),
              "V": RNG.normal(size=(5, 2)), "c": RNG.normal(size=2)}
    with zygote.load(source, "rnn.py") as student:
        with student.standing_in(["rnn_forward"], reference) as helped:
            assert helped.total_loss(X, RNG.normal(size=(3, 2, 2)), params, "regression") == 1000


def test_a_rerun_reports_nothing_the_submission_wrote(zygote, tests):
    """What a submission prints while stand-ins answer stays out of its report: the answers
    could otherwise be carried to a later submission. (An exception in a rerun scores nothing,
    so its message never replaces the first run's; it is withheld all the same.)"""
    source = reference_with(*MISTAKES["rnn_forward"]).replace(
        "return np.stack(states[::-1])", "return np.zeros_like(np.stack(states))") + '''
_total = total_loss

def total_loss(X, Y, params, task):
    answer = rnn_forward(X, params["U"], params["W"], params["b"])
    if answer.any():   # only a stand-in's answer: the student's rnn_forward returns zeros
        print("leaked:", answer.tolist())
    return _total(X, Y, params, task)
'''
    with zygote.load(source, "rnn.py") as student:
        results = fairness.grade(tests, student, reference)
        output = student.output
    assert set(lost_points(results)) == {"rnn_forward"}
    assert any(result.stand_ins for result in results if result.question == "total_loss")
    assert "leaked" not in output


def test_the_grader_carries_errors_forward(tmp_path):
    """grading.grade, what the command runs, scores one mistake as its question only."""
    path = tmp_path / "rnn.py"
    path.write_text(reference_with(*MISTAKES["rnn_step"]), encoding="utf-8")
    suite = grading.Suite.hidden()
    with Zygote() as zygote:
        record = grading.grade(str(path), suite, zygote)
    lost = {question for question, result in record["questions"].items()
            if result["score"] < result["max_score"]}
    assert lost == {"rnn_step"}
    assert not record["time_limit_reached"]


def test_no_corpus_mistake_costs_a_question_whose_own_function_is_right():
    for path in corpus.entries("wrong"):
        own = question_of(f"test_{path.stem}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            results = corpus.grade_in_process(path)
        assert {result.question for result in results if not result.passed} == {own}, path.name


def test_stand_in_answers_are_cached_by_their_exact_arguments():
    from rnn_bptt.sandbox.standins import fingerprint

    X = RNG.normal(size=(2, 3))
    same = [[X.copy(), {"task": "regression"}], {}]
    assert fingerprint([[X, {"task": "regression"}], {}]) == fingerprint(same)
    for other in ([[X + 1e-15, {"task": "regression"}], {}], [[X.T, {"task": "regression"}], {}],
                  [[X.astype(np.float32), {"task": "regression"}], {}],
                  [[X, {"task": "classification"}], {}], [[X], {"task": "regression"}]):
        assert fingerprint(other) != fingerprint(same)
