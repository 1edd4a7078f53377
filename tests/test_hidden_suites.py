"""The hidden suites grade as intended and explain failures without giving answers away.

The reference scores full marks, the stubs score zero with "not implemented" everywhere, every
test has points and a docstring, no message prints an expected value, the cases have the
properties the suites rely on, and the feedback helpers recognise the error patterns they claim
to (checked on wrong outputs built by hand here, not through the suites).
"""

import re
from pathlib import Path

import numpy as np
import pytest

from rnn_bptt import assignment, cases
from rnn_bptt.hidden import all_tests, load_submission
from rnn_bptt.feedback import (FUNCTIONS, Failure, InProcess, check_array, check_gradients,
                               check_layers, check_scalar, error_size, load_student, public_tests,
                               question_of, run_test)

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "solutions" / "rnn.py"
STUBS = REPO / "assignment" / "rnn.py"


@pytest.fixture(scope="module")
def suite():
    return all_tests()


def grade(student, suite):
    return [run_test(test, student, name) for name, test in suite]


def grade_source(source, suite):
    return grade(load_student(source, "submission.py"), suite)


def reference_with(old, new):
    """The reference source with one deliberate mistake (`old` replaced by `new`)."""
    source = REFERENCE.read_text()
    assert old in source, f"the reference no longer contains {old!r}"
    return source.replace(old, new, 1)


# --------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------


def test_reference_scores_full_marks(suite):
    failed = [(r.name, r.message) for r in grade(load_submission(REFERENCE), suite) if not r.passed]
    assert not failed


def test_stubs_score_zero_and_every_test_says_not_implemented(suite):
    results = grade(load_submission(STUBS), suite)
    assert sum(result.points for result in results) == 0
    not_saying = [(r.name, r.message) for r in results
                  if r.passed or "is not implemented yet" not in r.message]
    assert not not_saying


def test_a_file_that_cannot_load_fails_every_test_with_the_reason(suite):
    results = grade_source("def rnn_step(x_t, h_prev, U, W, b)\n    return x_t\n", suite)
    assert not any(result.passed for result in results)
    assert all("SyntaxError at line 1" in result.message for result in results)


def test_unusual_but_correct_return_types_score_full_marks(suite):
    source = (REFERENCE.read_text() + "\n"
              "_squared, _stacked, _many_to_one, _norms = (\n"
              "    squared_error_loss, stacked_rnn_forward, many_to_one_loss_and_grads,\n"
              "    state_jacobian_norms)\n"
              "def squared_error_loss(Y_hat, Y):\n    return np.array(_squared(Y_hat, Y))\n"
              "def stacked_rnn_forward(X, layers):\n    return tuple(_stacked(X, layers))\n"
              "def many_to_one_loss_and_grads(X, labels, params):\n"
              "    loss, grads = _many_to_one(X, labels, params)\n"
              "    return [np.float64(loss), grads]\n"
              "def state_jacobian_norms(X, U, W, b):\n    return _norms(X, U, W, b).tolist()\n")
    failed = [(r.name, r.message) for r in grade_source(source, suite) if not r.passed]
    assert not failed


@pytest.mark.parametrize("old, new, question", [
    ("pre_activation + h_prev @ W", "pre_activation + h_prev @ W.T", "rnn_step"),
    ("dH = dZ[t] @ V.T + dA_next @ W.T", "dH = dZ[t] @ V.T", "bptt"),
    ("for t in reversed(range(len(X))):\n        dH = dZ[t]",
     "for t in reversed(range(len(X)))[:3]:\n        dH = dZ[t]", "bptt"),
    ("return 0.5 * float(np.sum((Y_hat - Y) ** 2))",
     "return 0.5 * float(np.mean((Y_hat - Y) ** 2))", "squared_error_loss"),
    ("shifted = Z - Z.max(axis=-1, keepdims=True)", "shifted = Z - Z.max()", "softmax"),
    ("jacobian = jacobian @ step", "jacobian = step @ jacobian", "state_jacobian_norms"),
])
def test_a_deliberate_mistake_loses_points_in_its_question(suite, old, new, question):
    results = grade_source(reference_with(old, new), suite)
    assert any(not r.passed for r in results if r.question == question)


def test_one_wrong_gradient_loses_only_its_share(suite):
    wrong = reference_with('grads["W"] += Hs[t - 1].T @ dA', 'grads["W"] += 2 * Hs[t - 1].T @ dA')
    reference = load_submission(REFERENCE)
    for name, test in suite:
        result = run_test(test, load_student(wrong, "submission.py"), name)
        if result.question != "bptt":
            assert result.passed, name
            continue
        shares = run_test(test, reference, name).shares
        if getattr(test, "rule", False):       # a rule counts only with a right answer
            assert result.points == 0, name
        elif "W" in shares:
            assert result.shares == {**shares, "W": False}, name
            assert result.points == pytest.approx(test.points * (len(shares) - 1) / len(shares))
            assert "gradient(s) for W are wrong" in result.message, name
        else:                                   # T = 1: dW is zero, and 2 * 0 is still right
            assert result.passed, name


def test_every_shared_test_has_a_share_that_zeros_cannot_earn(suite):
    reference = load_submission(REFERENCE)
    zeros = reference_answering(each_number(np.zeros_like))
    shared = 0
    for name, test in suite:
        shares = run_test(test, reference, name).shares
        if question_of(name) in ("bptt", "many_to_one_loss_and_grads") and not getattr(
                test, "rule", False):
            assert shares, f"{name} shares no points"
            shared += 1
            assert run_test(test, zeros, name).points == 0, name
    assert shared >= 15


def test_a_gradient_that_must_be_zero_but_is_not_costs_every_share(suite):
    wrong = reference_with("        if t > 0:                                      # h_0 has no "
                           "recurrent term\n            grads[\"W\"] += Hs[t - 1].T @ dA",
                           "        grads[\"W\"] += Hs[t - 1].T @ dA")
    test = dict(suite)["test_bptt_one_step"]
    result = run_test(test, load_student(wrong, "submission.py"), "test_bptt_one_step")
    assert result.points == 0 and result.shares and not any(result.shares.values())


# Backpropagation through time cut off `steps_back` steps behind each loss (truncated BPTT, as
# tutorials and real code do it), for bptt and for many_to_one_loss_and_grads.
TRUNCATED = """
def bptt(X, Y, params, task):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    logits = Hs @ V + c
    dZ = logits - Y if task == "regression" else softmax(logits) - np.eye(V.shape[1])[Y]
    grads = {"U": np.zeros_like(U), "W": np.zeros_like(W), "b": np.zeros_like(b),
             "V": np.einsum("tnh,tnk->hk", Hs, dZ), "c": dZ.sum(axis=(0, 1))}
    for t in range(len(X)):
        backprop(grads, X, Hs, W, dZ[t] @ V.T, t)
    return grads

def many_to_one_loss_and_grads(X, labels, params):
    U, W, b, V, c = (params[key] for key in ("U", "W", "b", "V", "c"))
    Hs = rnn_forward(X, U, W, b)
    P = softmax(Hs[-1] @ V + c)
    dZ = P - np.eye(V.shape[1])[labels]
    grads = {"U": np.zeros_like(U), "W": np.zeros_like(W), "b": np.zeros_like(b),
             "V": Hs[-1].T @ dZ, "c": dZ.sum(axis=0)}
    backprop(grads, X, Hs, W, dZ @ V.T, len(X) - 1)
    return -float(np.sum(np.log(P[np.arange(len(labels)), labels]))), grads

def backprop(grads, X, Hs, W, dH, t):
    for s in range(t, max(t - %d, 0) - 1, -1):
        dA = dH * (1 - Hs[s] ** 2)
        grads["U"] += X[s].T @ dA
        grads["b"] += dA.sum(axis=0)
        if s > 0:
            grads["W"] += Hs[s - 1].T @ dA
        dH = dA @ W.T
"""


@pytest.mark.parametrize("steps_back", range(cases.sizes("long")["T"] - 1))
def test_truncated_backpropagation_loses_points_wherever_it_is_cut(suite, steps_back):
    """Cut k steps back, for every k the longest case can tell apart from no cut at all."""
    tests = [(name, test) for name, test in suite
             if question_of(name) in ("bptt", "many_to_one_loss_and_grads")]
    results = grade_source(REFERENCE.read_text() + TRUNCATED % steps_back, tests)
    lost = {result.question for result in results if not result.passed}
    assert lost == {"bptt", "many_to_one_loss_and_grads"}


def test_uncut_backpropagation_written_that_way_is_right(suite):
    tests = [(name, test) for name, test in suite
             if question_of(name) in ("bptt", "many_to_one_loss_and_grads")]
    longest = cases.sizes("long")["T"]
    results = grade_source(REFERENCE.read_text() + TRUNCATED % longest, tests)
    assert all(result.passed for result in results), [r.message for r in results]


# --------------------------------------------------------------------------------------------
# The tests themselves
# --------------------------------------------------------------------------------------------


def test_every_test_has_points_a_docstring_and_a_question(suite):
    for name, test in suite:
        assert getattr(test, "points", 0) > 0, name
        doc = (test.__doc__ or "").strip()
        assert doc and "\n" not in doc and doc.endswith("."), name
        assert question_of(name) in FUNCTIONS


def test_every_function_has_tests_and_bptt_is_worth_the_most(suite):
    worth = {question: 0.0 for question in FUNCTIONS}
    for name, test in suite:
        worth[question_of(name)] += test.points
    assert all(worth.values())
    assert max(worth, key=worth.get) == "bptt"


def test_test_names_are_unique(suite):
    names = [name for name, _ in suite]
    assert len(names) == len(set(names))


def test_no_hidden_test_has_the_name_of_a_public_test(suite):
    """A student comparing the public report with the grader's must not see one name twice."""
    shared = {name for name, _ in suite} & {name for name, _ in public_tests(assignment.FOLDER)}
    assert not shared


# --------------------------------------------------------------------------------------------
# The rules every function keeps (arguments unchanged, the same answer twice) earn points only
# together with a right answer
# --------------------------------------------------------------------------------------------


RULES = ("_arguments_unchanged", "_same_answer_twice")


@pytest.fixture(scope="module")
def rule_tests(suite):
    return [(name, test) for name, test in suite if name.endswith(RULES)]


def test_every_function_has_both_rule_tests(rule_tests):
    assert sorted(name for name, _ in rule_tests) == sorted(
        f"test_{function_name}{rule}" for function_name in FUNCTIONS for rule in RULES)


def reference_answering(change):
    """A student whose every function returns `change(the reference's answer)`.

    The reference's functions call each other, not these, so every function gets its own
    changed answer and nothing else goes wrong.
    """
    return InProcess({name: lambda *args, function=getattr(cases.reference, name):
                      change(function(*args)) for name in FUNCTIONS})


def each_number(change):
    """`change` applied to every array or number inside an answer, its structure kept."""
    def apply(value):
        if isinstance(value, dict):
            return {key: apply(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(apply(item) for item in value)
        return change(np.asarray(value))
    return apply


NOT_ONE_NUMBER = "should be a single number"   # how a loss's wrong shape is told


@pytest.mark.parametrize("change, problems", [
    (lambda answer: None, ["is None"]),
    (lambda answer: "done", ["is a string"]),
    (lambda answer: [answer], ["a list of length 1", NOT_ONE_NUMBER]),
    (each_number(lambda array: array[None]), ["wrong shape", NOT_ONE_NUMBER]),
    (each_number(lambda array: array * np.nan), ["non-finite value(s)"]),
    (each_number(lambda array: array.astype(np.float32)), ["returns float32 values"]),
], ids=["None", "a string", "wrapped in a list", "wrong shape", "nan", "float32"])
def test_an_answer_of_the_wrong_form_earns_no_rule_points(rule_tests, change, problems):
    student = reference_answering(change)
    for name, test in rule_tests:
        result = run_test(test, student, name)
        *problem, rule = result.message.split("\n")
        assert not result.passed, name
        assert any(words in "\n".join(problem) for words in problems), result.message
        assert rule.startswith(f"This test checks that {question_of(name)} "), result.message


@pytest.mark.parametrize("change", [
    each_number(lambda array: 1.5 * array + 0.25),
    each_number(np.zeros_like),
], ids=["wrong values", "zeros"])
def test_an_answer_of_the_right_form_but_wrong_earns_no_rule_points(rule_tests, suite, change):
    student = reference_answering(change)
    for name, test in rule_tests:
        result = run_test(test, student, name)
        assert not result.passed, name
        assert result.message.endswith("(the other tests say what is wrong)."), result.message


def test_a_right_answer_earns_the_rule_points(rule_tests):
    student = reference_answering(lambda answer: answer)
    assert all(run_test(test, student, name).passed for name, test in rule_tests)


def test_a_submission_of_zeros_scores_nothing(suite):
    results = grade(reference_answering(each_number(np.zeros_like)), suite)
    assert sum(result.points for result in results) == 0, [
        (result.name, result.points) for result in results if result.points]


def test_a_function_that_only_passes_earns_nothing(suite):
    source = "".join(f"def {name}({', '.join(arguments)}):\n    pass\n"
                     for name, arguments in FUNCTIONS.items())
    results = grade_source(source, suite)
    assert sum(result.points for result in results) == 0
    assert all("is None" in result.message for result in results)


def expected_numbers():
    """Every value the reference computes for the hidden tests, and the finite differences."""
    values = []
    for function_name in FUNCTIONS:
        for case_name in cases.NAMES:
            T = cases.sizes(case_name)["T"]
            variants = {"rnn_step": range(T), "total_loss": ("regression", "classification"),
                        "bptt": ("regression", "classification")}.get(function_name, (None,))
            for variant in variants:
                with np.errstate(divide="ignore"):  # the infinite losses of large logits
                    values.append(cases.expected(function_name, case_name, variant))
    values.append(cases.expected("softmax", "extreme"))
    for function_name, variant in (("bptt", "regression"), ("bptt", "classification"),
                                   ("many_to_one_loss_and_grads", None)):
        values.append(cases.finite_difference_gradients(function_name, "distinct", variant))
    numbers = []

    def flatten(value):
        if isinstance(value, dict):
            [flatten(item) for item in value.values()]
        elif isinstance(value, (list, tuple)):
            [flatten(item) for item in value]
        else:
            numbers.extend(np.ravel(value).tolist())
    flatten(values)
    return [abs(x) for x in numbers if np.isfinite(x) and x != round(x)]


def four_digit_forms(x):
    """A number's first four significant digits, rounded and truncated, as printing shows them.

    Forms with fewer digits (0.2 for 1/5) are left out: they are too common to mean a leak.
    """
    exponent = int(np.floor(np.log10(x)))
    forms = {f"{x:.4g}", f"{np.trunc(x / 10.0 ** (exponent - 3)) * 10.0 ** (exponent - 3):.4g}"}
    return {form for form in forms if len(re.sub(r"e.*|\D|^[0.]*", "", form)) == 4}


def test_messages_never_print_an_expected_value(suite):
    wrong = reference_with("pre_activation + h_prev @ W", "pre_activation + h_prev @ W.T")
    wrong = wrong.replace("return Hs @ V + c", "return Hs @ V - c")
    messages = "\n".join(r.message for r in grade_source(wrong, suite) if not r.passed)
    assert messages.count("\n") > 30          # plenty of failures to look at
    leaked = {form for x in expected_numbers() for form in four_digit_forms(x)
              if re.search(rf"(?<![\d.]){re.escape(form)}", messages)}
    assert not leaked


def test_cases_have_the_properties_the_suites_rely_on():
    sizes = [cases.sizes(name) for name in cases.NAMES]
    assert {1, 2} <= {s["T"] for s in sizes} and max(s["T"] for s in sizes) >= 6
    assert {1} < {s["N"] for s in sizes}
    assert any(len(set(s.values())) == 5 for s in sizes)
    assert any(len(set(s.values())) == 1 for s in sizes)
    assert any(s["K"] == 1 and s["N"] != s["T"] for s in sizes)
    for function_name in FUNCTIONS:
        for name in cases.NAMES:
            params = cases.case(name, function_name).params
            assert not np.allclose(params["W"], params["W"].T)
            assert np.all(params["b"] != 0) and np.all(params["c"] != 0)
    magnitudes = np.concatenate([np.abs(cases.expected("rnn_forward", name)).ravel()
                                 for name in cases.NAMES])
    assert 0.3 <= np.median(magnitudes) and np.quantile(magnitudes, 0.9) <= 0.95
    for Z in (cases.extreme_logits(), cases.inputs("softmax", "large_logits")[0]):
        maxima = Z.max(axis=-1)
        assert np.abs(Z).max() >= 1e4 and np.ptp(maxima) >= 1e3


def test_cached_inputs_are_read_only():
    X = cases.inputs("rnn_forward", "distinct")[0]
    with pytest.raises(ValueError):
        X[0, 0, 0] = 1.0


# --------------------------------------------------------------------------------------------
# Feedback: wrong outputs built by hand, and the message each one gets
# --------------------------------------------------------------------------------------------


def failure_of(check, *args, **kwargs):
    with pytest.raises(Failure) as caught:
        check(*args, **kwargs)
    return str(caught.value)


RNG = np.random.default_rng(0)
HS = np.tanh(RNG.normal(size=(5, 3, 4)))          # a (T, N, H) array of hidden states


@pytest.mark.parametrize("got, words", [
    (None, "is None"),
    ("0.5", "is a string"),
    ({"a": 1}, "is a dict"),
    ([[1.0, 2.0], [3.0]], "do not all have the same shape"),
    (object(), "is a object"),
    (np.array([True, False]), "dtype bool"),
])
def test_wrong_types_are_named(got, words):
    assert words in failure_of(check_array, got, np.zeros(2), "your output")


def test_numbers_numpy_can_read_are_accepted():
    check_array(HS.tolist(), HS, "a list")
    check_array(list(HS), HS, "a list of arrays")
    check_array(HS.astype(">f8"), HS, "float64 stored big-endian")
    for loss in (2.5, np.float64(2.5), np.array(2.5), [[2.5]][0][0]):
        check_scalar(loss, 2.5, "a loss")


FLOAT64_ADVICE = "compute in float64 (the default for NumPy arrays)"


@pytest.mark.parametrize("got", [HS.astype(np.float32), HS.astype(np.float16),
                                 list(HS.astype(np.float32))])
def test_floats_of_another_precision_are_a_wrong_type(got):
    message = failure_of(check_array, got, HS, "Hs")
    dtype = np.asarray(got).dtype
    assert f"Hs has the wrong type: it returns {dtype} values; {FLOAT64_ADVICE}" in message


def test_precision_is_checked_in_every_check_and_before_the_shape():
    grads = {key: RNG.normal(size=(3, 2)) for key in "UWbVc"}
    single = {**grads, "W": grads["W"].astype(np.float32)}
    assert f"dW has the wrong type: it returns float32 values; {FLOAT64_ADVICE}" in failure_of(
        check_gradients, single, grads, "grads")
    assert "returns float32 values" in failure_of(check_layers, [HS.astype(np.float32)], [HS],
                                                  "states")
    assert "returns float32 values" in failure_of(check_scalar, np.float32(2.5), 2.5, "a loss")
    assert "returns float32 values" in failure_of(check_array, HS[0].astype(np.float32), HS,
                                                  "Hs")   # the wrong shape comes second


@pytest.mark.parametrize("got, expected", [(np.arange(6).reshape(2, 3), np.ones((2, 3))),
                                           ([1, 2], [1.0, 2.0]), (2, 2.0), (np.int32(2), 2.0)])
def test_integers_where_floats_are_expected_are_a_wrong_type(got, expected):
    check = check_scalar if np.ndim(expected) == 0 else check_array
    message = failure_of(check, got, expected, "your output")
    assert "your output has the wrong type: it returns integers" in message
    assert FLOAT64_ADVICE in message


def test_a_float32_rnn_step_loses_points_in_its_own_question(suite):
    source = reference_with("return np.tanh(pre_activation)",
                            "return np.tanh(pre_activation).astype(np.float32)")
    failed = [r for r in grade_source(source, suite) if not r.passed and r.question == "rnn_step"]
    assert failed and all("returns float32 values" in r.message for r in failed)


def test_shape_is_checked_before_values_even_when_numpy_would_broadcast():
    message = failure_of(check_array, HS[:1], HS[:1] * np.ones((5, 1, 1)), "Hs")
    assert "wrong shape: expected (5, 3, 4), got (1, 3, 4)" in message
    assert "transposed" in failure_of(check_array, HS[0].T, HS[0], "h")
    assert "single number" in failure_of(check_scalar, [2.5], 2.5, "a loss")


def test_non_finite_values_are_located():
    got = HS.copy()
    got[2, 1, 0] = np.nan
    assert "1 non-finite value(s)" in failure_of(check_array, got, HS, "Hs")
    assert "index [2, 1, 0]" in failure_of(check_array, got, HS, "Hs")


def test_wrong_values_say_how_many_how_far_and_which_steps():
    got = HS.copy()
    got[3, 2, 1] *= 1.1
    message = failure_of(check_array, got, HS, "Hs", time_axis=0)
    assert ("Hs is wrong: 1 of 60 entries are off. The worst, at index [3, 2, 1], has a relative "
            "error of order 1e-1. Time steps that match: 0-2, 4; time steps that do not: 3."
            ) in message
    assert failure_of(check_scalar, 1.1 * 41.5, 41.5, "the loss") == (
        "the loss is wrong, with a relative error of order 1e-1.")


@pytest.mark.parametrize("got, expected, size", [
    (1.1, 1.0, "of order 1e-1"),
    (-0.97, -1.0, "of order 1e-2"),      # 3e-2 is nearer 1e-2 than 1e-1, by powers of ten
    (0.0, 2.0, "of order 1"),
    (-2.0, 2.0, "of order 1"),           # 2 is nearer 1 than 10
    (1 + 2e-5, 1.0, "of order 1e-5"),
    (40.0, 1.0, "of order 1e2"),
    (3e6, 1.0, "of order 1e6"),
    (1.0, 0.0, "above 1e6"),             # an expected 0, or any error beyond 1e6
    (1e8, 1.0, "above 1e6"),
    (1e308, -1e308, "above 1e6"),        # the difference overflows to inf
])
def test_errors_are_told_as_a_power_of_ten(got, expected, size):
    assert error_size(got, expected) == f"a relative error {size}"


def numbers_giving_away(expected, got):
    """How a message could spell what gives `expected` away: the value, the error, the relative
    error (each exact, or rounded to 2, 3 or 4 significant figures)."""
    numbers = {expected, got - expected, (got - expected) / expected}
    return {text for x in numbers for y in (x, -x, abs(x))
            for text in (repr(y), f"{y:.2g}", f"{y:.3g}", f"{y:.4g}")}


def numbers_in(message):
    return re.findall(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?", message)


def assert_gives_nothing_away(message, expected, got):
    leaks = {text for text in numbers_giving_away(expected, got)
             if re.search(rf"(?<![\d.]){re.escape(text)}(?![\d])", message)}
    assert not leaks, message
    # the only numbers that are not whole are powers of ten (how far off, to a factor of ~3)
    assert all(re.fullmatch(r"\d+|1e-?\d+", number) for number in numbers_in(message)), message


def test_a_wrong_array_or_number_gives_no_expected_value_away():
    got = HS.copy()
    got[3, 2, 1] += 0.1234567                    # the worst entry, among others a little off
    got[0] *= 1 + 3e-5
    assert_gives_nothing_away(failure_of(check_array, got, HS, "Hs", time_axis=0),
                              HS[3, 2, 1], got[3, 2, 1])
    right = {"W": np.array([[0.41723, -2.38612], [1.73451, 0.66194]]), "b": np.array([0.5])}
    W = right["W"].copy()
    W[1, 1] += 0.0987654
    assert_gives_nothing_away(failure_of(check_gradients, {**right, "W": W}, right, "grads"),
                              right["W"][1, 1], W[1, 1])
    assert_gives_nothing_away(failure_of(check_scalar, 37.21234, 41.53719, "the loss"),
                              41.53719, 37.21234)


def test_tolerance_accepts_round_off_and_rejects_small_real_errors():
    check_array(HS * (1 + 1e-12), HS, "Hs")
    check_scalar(1e6 * (1 + 1e-9), 1e6, "a loss")
    failure_of(check_array, HS * (1 + 1e-4), HS, "Hs")
    failure_of(check_scalar, 1e6 + 10, 1e6, "a loss")


# --------------------------------------------------------------------------------------------
# What a message says of several parts (the diagnosis of a question is tested in test_diagnosis)
# --------------------------------------------------------------------------------------------


GRADIENTS = {key: RNG.normal(size=shape) for key, shape in
             (("U", (2, 4)), ("W", (4, 4)), ("b", (4,)), ("V", (4, 3)), ("c", (3,)))}


def test_gradient_failures_list_each_gradient_in_one_line():
    third = {key: value / 3 for key, value in GRADIENTS.items()}
    lines = failure_of(check_gradients, third, GRADIENTS, "grads").splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith("- ")] == [
        "- dU", "- dW", "- db", "- dV", "- dc"]
    assert len(lines) == 6                       # the summary and five gradients
    assert "missing the key(s) 'c'" in failure_of(
        check_gradients, {key: GRADIENTS[key] for key in "UWbV"}, GRADIENTS, "grads")


def test_layers_are_checked_one_by_one():
    expected = [HS, HS[..., :2]]
    message = failure_of(check_layers, [HS, HS[..., 1:3]], expected, "states")
    assert "the states of layer(s) 1 are wrong (of 2 layers)" in message
    assert "a list of 2 arrays" in failure_of(check_layers, [HS], expected, "states")


def test_messages_say_which_sequences_differ_when_some_are_right():
    got = HS.copy()
    got[:, 1] += 1
    assert "Sequences (axis 1) that do not match: 1." in failure_of(
        check_array, got, HS, "Hs", time_axis=0)
