"""The hidden suites: one module test_<function>.py per function of SPEC.md section 2.

Every test is a plain function `test_<function>_<what>(student)` with a `@points(n)` mark and a
one-sentence docstring for students. The modules are plain pytest (conftest.py supplies `student`)
and run just as well without pytest: all_tests() lists them for the grader and the Otter build.

The helpers below build the tests that every function shares: "agrees with the reference on these
cases", "leaves its inputs unchanged", "gives the same answer twice". Expected values come from
rnn_bptt.cases, computed by the reference solution at grading time.
"""

import importlib

from rnn_bptt import cases, feedback
from rnn_bptt.feedback import (FUNCTIONS, Failure, SharedPoints, check_array, check_gradients,
                               check_layers, check_pair, check_same_twice, check_scalar,
                               check_unchanged, load_student, points)


def all_tests():
    """Every hidden test as (name, function), the modules in SPEC order, tests in source order."""
    return [test for function_name in FUNCTIONS
            for test in feedback.collect_tests(
                importlib.import_module(f"{__name__}.test_{function_name}"))]


def load_submission(path):
    """The `student` for the submission at `path` (.py or .ipynb), loaded in this process."""
    from rnn_bptt import submissions

    submission = submissions.read(str(path))
    if submission.problem:
        return feedback.Unloadable(submission.problem)
    return load_student(submission.source, str(path))


# --------------------------------------------------------------------------------------------
# Comparing one output with the reference's
# --------------------------------------------------------------------------------------------


def description(function_name, case_name, variant=None):
    """How a message names the call: "rnn_forward on the batch T=7, N=3, ... (task ...)"."""
    if case_name == "extreme":
        text = "softmax on logits of order 1e4 whose row maxima differ by up to 2e4"
    else:
        text = f"{function_name} on the batch {cases.describe(case_name)}"
    if function_name == "rnn_step":
        text += f", at t = {variant}" + (" (h_prev is None)" if variant == 0 else "")
    elif variant is not None:
        text += f", task {variant!r}"
    return text


def sizes(case_name):
    return None if case_name == "extreme" else cases.sizes(case_name)


# The functions that return one row per time step, and what their values are (for the diagnosis).
SEQUENCES = {"rnn_forward": "hidden states", "regression_head": "outputs",
             "state_jacobian_norms": "jacobian norms"}


def check_output(function_name, got, case_name, variant=None, part=None):
    """Check a student's return value against the reference's for one case.

    `part` picks "loss" or "grads" of many_to_one_loss_and_grads (both when None).
    """
    expected = cases.expected(function_name, case_name, variant)
    what = description(function_name, case_name, variant)
    if function_name in SEQUENCES:
        check_array(got, expected, what, time_axis=0, sizes=sizes(case_name),
                    kind=SEQUENCES[function_name])
    elif function_name in ("softmax", "classification_head"):
        check_array(got, expected, what, kind="probabilities")
    elif function_name == "rnn_step":
        check_array(got, expected, what, kind="hidden states")
    elif function_name in ("squared_error_loss", "cross_entropy_loss", "total_loss"):
        check_scalar(got, expected, what, sizes=sizes(case_name))
    elif function_name == "bptt":
        check_gradients(got, expected, what, sizes=sizes(case_name))
    elif function_name == "stacked_rnn_forward":
        check_layers(got, expected, what)
    elif function_name == "many_to_one_loss_and_grads":
        loss, grads = check_pair(got, what, "loss, grads")
        if part in (None, "loss"):
            check_scalar(loss, expected[0], f"the loss of {what}", sizes=sizes(case_name),
                         part="loss")
        if part in (None, "grads"):
            check_gradients(grads, expected[1], f"the gradients of {what}",
                            sizes=sizes(case_name))
    else:
        raise ValueError(f"no check for {function_name!r}")


# The gradient questions share each test's points among the quantities it checks (SharedPoints):
# one wrong gradient costs its share, not the test.
SHARED = {"bptt": cases.PARAMETERS, "many_to_one_loss_and_grads": ("loss", *cases.PARAMETERS)}


def shared_quantities(function_name, part=None):
    """The quantities among which a test of `function_name` shares its points (part: as in
    check_output)."""
    return {"loss": ("loss",), "grads": cases.PARAMETERS}.get(part, SHARED[function_name])


def shared_docstring(docstring, quantities):
    """A shared test's docstring, saying how its points are shared (students read it)."""
    if len(quantities) == 1:
        return docstring
    what = "the loss and the gradients" if "loss" in quantities else "the gradients"
    return f"{docstring} Its points are shared equally among {what} that are not zero here."


def check_shared(shares, function_name, got, case_name, variant=None, part=None):
    """check_output for bptt and many_to_one_loss_and_grads, each quantity counted in `shares`."""
    expected = cases.expected(function_name, case_name, variant)
    what, options = description(function_name, case_name, variant), {"sizes": sizes(case_name)}
    if function_name == "bptt":
        shares.check(cases.PARAMETERS, check_gradients, got, expected, what, **options)
        return
    try:
        loss, grads = check_pair(got, what, "loss, grads")
    except Failure as failure:
        shares.fail(failure)
        return
    if part in (None, "loss"):
        shares.check(["loss"], check_scalar, loss, expected[0], f"the loss of {what}", **options)
    if part in (None, "grads"):
        shares.check(cases.PARAMETERS, check_gradients, grads, expected[1],
                     f"the gradients of {what}", **options)


# --------------------------------------------------------------------------------------------
# Tests every function shares
# --------------------------------------------------------------------------------------------


def agreement_test(function_name, runs, value, docstring, part=None):
    """A test worth `value` points: the function agrees with the reference on every run.

    `runs` lists (case name, variant) pairs; the first disagreement fails the test, except for
    the gradient questions, whose quantities each earn a share over every run (SHARED).
    """
    @points(value)
    def test(student):
        for case_name, variant in runs:
            got = getattr(student, function_name)(*cases.inputs(function_name, case_name,
                                                                variant))
            check_output(function_name, got, case_name, variant, part)

    @points(value)
    def shared_test(student):
        shares = SharedPoints(shared_quantities(function_name, part))
        for case_name, variant in runs:
            got = getattr(student, function_name)(*cases.inputs(function_name, case_name,
                                                                variant))
            check_shared(shares, function_name, got, case_name, variant, part)
        return shares.settle()

    if function_name not in SHARED:
        test.__doc__ = docstring
        return test
    shared_test.__doc__ = shared_docstring(docstring, shared_quantities(function_name, part))
    return shared_test


def every_case(variants=(None,), exclude=()):
    """Runs over every named case but those in `exclude`, each with every variant."""
    return [(case_name, variant) for case_name in cases.NAMES if case_name not in exclude
            for variant in variants]


# With logits of order 1e4 the probability of a label underflows to 0 and its cross-entropy is
# infinite in float64 (unless computed from the logits); loss values are not graded there.
INFINITE_LOSS = ("large_logits",)


# The two tests of the rules every function keeps count only together with a right answer on
# the same call: a function that returns None, or zeros of the right shapes, earns nothing for
# keeping them.


def unchanged_test(function_name, case_name, variant=None, value=0.5):
    """A test: the function answers rightly and leaves every argument (arrays, dicts, lists)
    unchanged."""
    @points(value)
    def test(student):
        args = cases.inputs(function_name, case_name, variant)
        check_unchanged(function_name, student.observe(function_name, *args),
                        lambda got: check_output(function_name, got, case_name, variant))
    test.__doc__ = (f"{function_name} leaves its arguments unchanged (nothing modified in place), "
                    f"with a right answer.")
    test.rule = True
    return test


def same_twice_test(function_name, case_name, variant=None, value=0.5):
    """A test: the function answers rightly, and a second call with the same arguments gives the
    same value."""
    @points(value)
    def test(student):
        args = cases.inputs(function_name, case_name, variant)
        first = getattr(student, function_name)(*args)
        check_same_twice(function_name, first, getattr(student, function_name)(*args),
                         lambda got: check_output(function_name, got, case_name, variant))
    test.__doc__ = (f"{function_name} gives the same, right answer when called twice with the "
                    f"same inputs.")
    test.rule = True
    return test


FINITE_DIFFERENCE_RTOL = 1e-5  # central differences are good to ~1e-8 relative on these cases


def finite_difference_test(function_name, case_name, variant, value, docstring):
    """A test: the gradients agree with central finite differences of the reference loss, each
    gradient earning its share of the points."""
    @points(value)
    def test(student):
        shares = SharedPoints(cases.PARAMETERS)
        got = getattr(student, function_name)(*cases.inputs(function_name, case_name, variant))
        what = description(function_name, case_name, variant)
        try:
            if function_name == "many_to_one_loss_and_grads":
                got = check_pair(got, what, "loss, grads")[1]
        except Failure as failure:
            shares.fail(failure)
        else:
            shares.check(cases.PARAMETERS, check_gradients, got,
                         cases.finite_difference_gradients(function_name, case_name, variant),
                         f"{what}, compared with finite differences of the loss",
                         sizes=sizes(case_name), rtol=FINITE_DIFFERENCE_RTOL)
        return shares.settle()
    test.__doc__ = shared_docstring(docstring, cases.PARAMETERS)
    return test
