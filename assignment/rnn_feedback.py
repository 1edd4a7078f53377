"""How your rnn.py is called and checked, and how failures are explained.

The public tests, the notebook's check cells, the instructors' hidden tests and the Otter
autograder all call your functions through this module, so every one of them reports a mistake
the same way. Nothing here knows a hidden answer: the checks compare what your function returns
with what the test expects and describe the difference.
"""

import copy
import importlib.util
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

# The functions of rnn.py and the names of their arguments, in order (SPEC.md section 2).
FUNCTIONS = {
    "rnn_step": ("x_t", "h_prev", "U", "W", "b"),
    "rnn_forward": ("X", "U", "W", "b"),
    "regression_head": ("Hs", "V", "c"),
    "softmax": ("Z",),
    "classification_head": ("Hs", "V", "c"),
    "squared_error_loss": ("Y_hat", "Y"),
    "cross_entropy_loss": ("P", "labels"),
    "total_loss": ("X", "Y", "params", "task"),
    "bptt": ("X", "Y", "params", "task"),
    "stacked_rnn_forward": ("X", "layers"),
    "many_to_one_loss_and_grads": ("X", "labels", "params"),
    "state_jacobian_norms": ("X", "U", "W", "b"),
}


class Failure(AssertionError):
    """A test failed; the message is written for the student."""


def points(value):
    """Mark a test function as worth `value` points."""
    def mark(test):
        test.points = value
        return test
    return mark


def question_of(test_name):
    """The function a test belongs to: the longest function name that follows `test_`."""
    matches = [name for name in FUNCTIONS if test_name.startswith(f"test_{name}")]
    if not matches:
        raise ValueError(f"test {test_name!r} does not name a function of rnn.py")
    return max(matches, key=len)


# --------------------------------------------------------------------------------------------
# Calling a student's function
# --------------------------------------------------------------------------------------------


def changed_paths(before, after, path=()):
    """The places (tuples of argument index and keys) where `after` differs from `before`."""
    if isinstance(before, np.ndarray):
        same = (isinstance(after, np.ndarray) and after.shape == before.shape
                and np.array_equal(after, before, equal_nan=before.dtype.kind in "fc"))
        return [] if same else [path]
    if isinstance(before, dict):
        if not isinstance(after, dict) or after.keys() != before.keys():
            return [path]
        return [p for key in before for p in changed_paths(before[key], after[key], path + (key,))]
    if isinstance(before, (list, tuple)):
        if type(after) is not type(before) or len(after) != len(before):
            return [path]
        return [p for i, (x, y) in enumerate(zip(before, after))
                for p in changed_paths(x, y, path + (i,))]
    return [] if type(after) is type(before) and after == before else [path]


def call_and_watch(function, args):
    """Call `function` on copies of `args`.

    Returns (value, changed), where changed lists the argument paths the call modified. An
    exception from the function propagates unchanged.
    """
    pristine = copy.deepcopy(args)
    given = copy.deepcopy(args)
    value = function(*given)
    return value, changed_paths(list(pristine), list(given))


@dataclass
class RaisedError:
    """What a student's function raised, reduced to plain data (it may cross a process boundary)."""
    type_name: str
    message: str
    line: int | None        # line of the student's file where it was raised, if known
    source_line: str = ""


def describe_exception(error, function):
    """Reduce an exception raised inside `function` to a RaisedError."""
    return describe_exception_in(error, getattr(getattr(function, "__code__", None),
                                                "co_filename", None))


def describe_exception_in(error, filename):
    """Reduce an exception to a RaisedError, pointing at the last line of `filename` it passed."""
    line, source = None, ""
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == filename:
            line, source = frame.lineno, (frame.line or "").strip()
    return RaisedError(type(error).__name__, str(error)[:500], line, source)


def failure_for_error(function_name, error):
    """The Failure a student reads when their function raised `error` (a RaisedError)."""
    if error.type_name == "NotImplementedError":
        return Failure(f"{function_name} is not implemented yet (it raises NotImplementedError).")
    where = f" at line {error.line} of your file" if error.line else ""
    code = f"\n    {error.source_line}" if error.source_line else ""
    return Failure(f"{function_name} raised {error.type_name}{where}: {error.message}{code}")


def describe_path(function_name, path):
    """A readable name for an argument path, e.g. params['W'] or layers[1]['U']."""
    names = FUNCTIONS.get(function_name, ())
    index, *keys = path
    text = names[index] if index < len(names) else f"argument {index + 1}"
    return text + "".join(f"[{key!r}]" for key in keys)


@dataclass
class Observation:
    """The outcome of one call: its return value and the arguments it modified (readable names)."""
    value: object
    changed: list = field(default_factory=list)


class Student:
    """What every test calls: student.rnn_step(...) is student.observe("rnn_step", ...).value."""

    def observe(self, function_name, *args):
        raise NotImplementedError

    def __getattr__(self, function_name):
        if function_name not in FUNCTIONS:
            raise AttributeError(function_name)
        return lambda *args: self.observe(function_name, *args).value


class InProcess(Student):
    """Calls the functions of a submission loaded in this very process.

    `namespace` is a module or a dict of the submission's globals. `student.rnn_step(...)` calls
    the student's rnn_step on copies of the arguments and returns its value; a missing function
    or an exception becomes a Failure with a readable message.
    """

    def __init__(self, namespace):
        self._namespace = namespace if isinstance(namespace, dict) else vars(namespace)

    def observe(self, function_name, *args):
        function = self._namespace.get(function_name)
        if not callable(function):
            raise Failure(f"{function_name} is not defined in your file "
                          f"(expected def {function_name}({', '.join(FUNCTIONS[function_name])})).")
        try:
            value, changed = call_and_watch(function, args)
        except Exception as error:  # the student's exception, whatever it is, becomes feedback
            raise failure_for_error(function_name, describe_exception(error, function)) from None
        return Observation(value, [describe_path(function_name, p) for p in changed])


class Unloadable(Student):
    """A submission that could not be loaded: every call fails with the reason, for the student."""

    def __init__(self, reason):
        self.reason = reason

    def observe(self, function_name, *args):
        raise Failure(self.reason)


def load_student(source, filename):
    """Run a submission's source in a fresh namespace: an InProcess, or an Unloadable saying why.

    `filename` names the file in tracebacks, so an error points at a line of the student's file.
    """
    namespace = {"__name__": "submission", "__file__": filename}
    try:
        code = compile(source, filename, "exec")
    except SyntaxError as error:
        text = f"\n    {error.text.strip()}" if error.text and error.text.strip() else ""
        return Unloadable(f"Your file {filename} could not be loaded: SyntaxError at line "
                          f"{error.lineno}: {error.msg}{text}")
    try:
        exec(code, namespace)
    except (Exception, SystemExit) as error:  # an exit() at the top of the file counts too
        raised = describe_exception_in(error, filename)
        where = f" at line {raised.line}" if raised.line else ""
        code_line = f"\n    {raised.source_line}" if raised.source_line else ""
        return Unloadable(f"Your file {filename} could not be loaded: running it raised "
                          f"{raised.type_name}{where}: {raised.message}{code_line}")
    return InProcess(namespace)


def load_student_file(path):
    """load_student for the Python file at `path` (an Unloadable if it cannot be read)."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Unloadable(f"There is no {path.name} in {path.parent.resolve()}: run this in the "
                          f"folder that holds your {path.name}.")
    except (OSError, UnicodeDecodeError) as error:
        return Unloadable(f"{path.name} could not be read ({type(error).__name__}: {error}).")
    return load_student(source, str(path))


# --------------------------------------------------------------------------------------------
# Checking a returned value against the expected one
# --------------------------------------------------------------------------------------------
# Every check raises a Failure whose message says, in this order: wrong type, wrong shape,
# non-finite values, wrong values (how many, how far off, where), and a hint when the pattern of
# the error points at a known misconception. It never prints an expected value: hidden tests use
# these checks too, and their answers stay hidden.

RTOL = 1e-6   # relative tolerance: far above float64 round-off, far below any wrong formula
ATOL = 1e-12  # absolute floor, for entries that are exactly 0


def kind_of(value):
    """A short description of a value's type, for a student: "None", "a list of length 3"..."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return f"a string ({value[:40]!r})"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"a {type(value).__name__}"


def expected_kind(shape):
    return "a single number (a float)" if shape == () else f"an array of shape {shape}"


def as_array(got, what, shape):
    """`got` as a float64 array, or a Failure if it is not a number / array of numbers.

    Anything NumPy reads as numbers is accepted (a list, a Python float, a numpy scalar, a 0-d
    array); the shape is checked by the caller.
    """
    if got is None:
        raise Failure(f"{what} is None, expected {expected_kind(shape)}: "
                      f"did you forget a `return`?")
    if isinstance(got, (str, bytes, dict)):
        raise Failure(f"{what} is {kind_of(got)}, expected {expected_kind(shape)}.")
    try:
        array = np.asarray(got)
    except Exception:  # ragged lists and odd objects: NumPy cannot read them as numbers
        array = None
    if array is None or array.dtype.kind not in "iuf":
        advice = (" (its items do not all have the same shape)"
                  if isinstance(got, (list, tuple)) else "")
        raise Failure(f"{what} is {kind_of(got)}{advice}, expected {expected_kind(shape)}.")
    return array.astype(np.float64)


def check_shape(array, shape, what, got):
    if array.shape == tuple(shape):
        return
    if shape == ():
        raise Failure(f"{what} should be a single number (a float), but it has shape "
                      f"{array.shape}: sum everything into one number.")
    message = f"{what} has the wrong shape: expected {tuple(shape)}, got {array.shape}"
    if isinstance(got, (list, tuple)):
        message += f" (you returned {kind_of(got)})"
    if array.shape == tuple(shape)[::-1]:
        message += ". It looks transposed."
    elif array.size == int(np.prod(shape)):
        message += (". The number of entries is right but they are arranged differently: "
                    "check the order of the axes.")
    elif len(shape) == 3 and array.shape == tuple(shape)[1:]:
        message += ". That is the shape of a single time step: return every step, stacked."
    raise Failure(message + ("" if message.endswith(".") else "."))


def check_finite(array, what):
    bad = ~np.isfinite(array)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise Failure(f"{what} contains {int(bad.sum())} non-finite value(s) (inf or nan) "
                      f"out of {array.size}, the first at index {index_text(first)}. These usually "
                      f"come from exp of a large number (overflow), log of 0, or 0/0.")


def index_text(index):
    return "[" + ", ".join(str(i) for i in index) + "]" if index else "(the single value)"


def tolerance(expected, rtol):
    """Allowed error per entry: relative to the entry, with a floor set by the array's scale."""
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    return rtol * (np.abs(expected) + 1e-3 * scale) + ATOL


def close(got, expected, rtol=RTOL):
    return bool(np.all(np.abs(got - expected) <= tolerance(expected, rtol)))


def steps_text(steps):
    """1, 2, 3, 5 -> "1-3, 5"."""
    runs, start = [], None
    for i, step in enumerate(steps):
        if start is None:
            start = step
        if i + 1 == len(steps) or steps[i + 1] != step + 1:
            runs.append(f"{start}" if start == step else f"{start}-{step}")
            start = None
    return ", ".join(runs)


def factor_names(sizes):
    """Constant factors with a meaning (N, T, N*T and their inverses), for the scaling hint."""
    names = {}
    for name, value in (sizes or {}).items():
        if value > 1:
            names.setdefault(float(value), name)
            names.setdefault(1.0 / value, f"1/{name}")
    if sizes and {"N", "T"} <= sizes.keys() and sizes["N"] * sizes["T"] > 1:
        names.setdefault(float(sizes["N"] * sizes["T"]), "N*T")
        names.setdefault(1.0 / (sizes["N"] * sizes["T"]), "1/(N*T)")
    return names


def scaling_hint(got, expected, sizes, rtol):
    """A hint when `got` is `expected` times a constant (sign, 2, 1/2, N, T...), else None."""
    norm = float(np.sum(expected * expected))
    if norm == 0.0:
        return None
    factor = float(np.sum(got * expected)) / norm
    if not close(got, factor * expected, rtol * 10):
        return None
    if abs(factor + 1) < 1e-6:
        return "every value has the right size but the opposite sign: a sign flipped somewhere?"
    if abs(factor - 2) < 1e-6:
        return "every value is exactly twice what it should be: a term counted twice?"
    if abs(factor - 0.5) < 1e-6:
        return "every value is exactly half what it should be: a missing factor 2, or an extra 1/2?"
    for value, name in factor_names(sizes).items():
        if abs(factor - value) < 1e-6 * value:
            return (f"every value is off by the same factor {name} ({value:g}): "
                    f"a mean instead of a sum, or a sum instead of a mean?")
    if abs(factor) < 1e-9:
        return "your values are all (nearly) zero."
    if expected.size < 2:  # one number is always a multiple of another: only named factors count
        return None
    return "every value is off by the same constant factor: a scaling mistake somewhere?"


def pattern_hint(got, expected, rtol, time_axis, sizes, probabilities):
    """The first hint whose error pattern matches, or None. Detects structure, never answers."""
    hint = scaling_hint(got, expected, sizes, rtol)
    if hint:
        return hint
    if got.ndim == 2 and got.shape[0] == got.shape[1] and close(got, expected.T, rtol):
        return "your matrix is the transpose of the right one: check the order of a matrix product."
    if probabilities:
        sums = got.sum(axis=-1)
        if np.allclose(sums, 1.0, rtol=0, atol=1e-9):
            return ("every row sums to 1 but the values differ: is the softmax taken over the last "
                    "axis, of the right logits (h V + c)?")
        for axis in range(got.ndim - 1):
            if np.allclose(got.sum(axis=axis), 1.0, rtol=0, atol=1e-9):
                return (f"your values sum to 1 over axis {axis}, not over the last axis: "
                        f"a softmax over the wrong axis?")
        return "your probabilities do not sum to 1 over the last axis."
    if time_axis is not None and got.shape[time_axis] >= 2:
        right = [close(np.take(got, t, time_axis), np.take(expected, t, time_axis), rtol)
                 for t in range(got.shape[time_axis])]
        if right[0] and not any(right[1:]):
            return ("step 0 matches but later steps do not: check the recurrence, h_{t-1} W "
                    "(row form, with the state of the step before).")
        if right[-1] and not any(right[:-1]):
            return ("the last time step matches but earlier ones do not: check what flows back "
                    "from step t+1 (the gradient carried back into h_t through W).")
    if time_axis is not None:  # a sequence of outputs: one row per time step and sequence
        rows = (got - expected).reshape(-1, got.shape[-1])
        if len(rows) >= 2 and np.allclose(rows, rows[0], rtol=0,
                                          atol=float(np.max(tolerance(expected, rtol)))):
            return ("the error is the same in every row: a bias added twice, missing, or with "
                    "the wrong sign?")
    return None


def check_returns(got, shape, what):
    """`got` as a float64 array, failing unless it holds finite numbers of the given shape."""
    array = as_array(got, what, shape)
    check_shape(array, shape, what, got)
    check_finite(array, what)
    return array


def check_array(got, expected, what, *, time_axis=None, sizes=None, probabilities=False,
                rtol=RTOL):
    """Fail with a student-readable Failure unless `got` matches the array `expected`.

    - time_axis: the axis of time steps, if any: the message says which steps match.
    - sizes: e.g. {"N": 3, "T": 7}, to name a constant factor (a mean instead of a sum).
    - probabilities: the values are softmax outputs (adds the sums-to-one hints).
    """
    expected = np.asarray(expected, dtype=np.float64)
    array = check_returns(got, expected.shape, what)
    error = np.abs(array - expected)
    allowed = tolerance(expected, rtol)
    wrong = error > allowed
    if not wrong.any():
        return
    worst = np.unravel_index(int(np.argmax(error / allowed)), expected.shape)
    relative = float(error[worst] / max(abs(float(expected[worst])), 1e-300))
    message = (f"{what} is wrong: {int(wrong.sum())} of {wrong.size} entries are off. "
               f"The largest error is {float(error[worst]):.3g} (relative error {relative:.3g}) "
               f"at index {index_text(worst)}.")
    if time_axis is not None:
        axes = tuple(axis for axis in range(wrong.ndim) if axis != time_axis % wrong.ndim)
        step_wrong = wrong.any(axis=axes) if axes else wrong
        right_steps = [t for t, bad in enumerate(step_wrong) if not bad]
        wrong_steps = [t for t, bad in enumerate(step_wrong) if bad]
        message += (f" Time steps that match: {steps_text(right_steps) or 'none'}; "
                    f"time steps that do not: {steps_text(wrong_steps)}.")
    hint = pattern_hint(array, expected, rtol, time_axis, sizes, probabilities)
    raise Failure(message + (f"\nHint: {hint}" if hint else ""))


def check_scalar(got, expected, what, *, sizes=None, rtol=RTOL):
    """Fail unless `got` is one number matching `expected` (a float, numpy scalar or 0-d array)."""
    expected = float(expected)
    value = float(check_returns(got, (), what))
    error = abs(value - expected)
    if error <= rtol * abs(expected) + ATOL:
        return
    relative = error / max(abs(expected), 1e-300)
    message = f"{what} is wrong: it is off by {error:.3g} (relative error {relative:.3g})."
    hint = scaling_hint(np.array([value]), np.array([expected]), sizes, rtol)
    raise Failure(message + (f"\nHint: {hint}" if hint else ""))


GRADIENT_KEYS = ("U", "W", "b", "V", "c")


def check_keys(got, keys, what):
    """Fail unless `got` is a dict holding every key of `keys`."""
    if not isinstance(got, dict):
        raise Failure(f"{what} is {kind_of(got)}, expected a dict with keys "
                      f"{', '.join(map(repr, keys))}.")
    missing = [key for key in keys if key not in got]
    if missing:
        raise Failure(f"{what} is missing the key(s) {', '.join(map(repr, missing))} "
                      f"(it has {', '.join(map(repr, got)) or 'no keys'}).")


def check_gradient_shapes(got, shapes, what):
    """Fail unless `got` is a dict of finite gradients with the given shapes (values unchecked)."""
    check_keys(got, shapes, what)
    for key, shape in shapes.items():
        check_returns(got[key], shape, f"the gradient for {key}")


def check_gradients(got, expected, what, *, sizes=None, rtol=RTOL):
    """Fail unless `got` is a dict of gradients matching the dict `expected`, key by key.

    The message lists every wrong gradient, and hints at the backward pass through time when
    the output-layer gradients (V, c) are right but the recurrent ones are not.
    """
    check_keys(got, expected, what)
    problems = {}
    for key in expected:
        try:
            check_array(got[key], expected[key], f"the gradient for {key}", sizes=sizes, rtol=rtol)
        except Failure as failure:
            problems[key] = str(failure)
    if not problems:
        return
    right = [key for key in expected if key not in problems]
    message = (f"{what}: the gradient(s) for {', '.join(problems)} are wrong"
               + (f" (the ones for {', '.join(right)} are right)." if right else "."))
    message += "".join(f"\n- {text}" for text in problems.values())
    hinted = any("Hint:" in text for text in problems.values())  # a gradient's own hint is sharper
    hint = None if hinted else gradient_hint(set(problems), set(expected))
    raise Failure(message + (f"\nHint: {hint}" if hint else ""))


def gradient_hint(wrong, keys):
    """A hint from which gradients are wrong, when the pattern says where to look."""
    if wrong == {"W"}:
        return ("only dW is wrong: dW sums h_{t-1}^T da_t over the steps t >= 1 (h_0 has no "
                "recurrent term): check which hidden state multiplies da_t.")
    if wrong and wrong <= {"U", "W", "b"} and {"V", "c"} <= keys:
        return ("the output-layer gradients (V, c) are right, so the error is in the backward pass "
                "through the hidden states: check the gradient carried back into h_t from step t+1 "
                "(through W) and the tanh derivative 1 - h_t^2.")
    return None


def check_layers(got, expected, what, *, rtol=RTOL):
    """Fail unless `got` is a list of arrays matching the list `expected`, one per layer."""
    if not isinstance(got, (list, tuple)) or len(got) != len(expected):
        raise Failure(f"{what} is {kind_of(got)}, expected a list of {len(expected)} arrays "
                      f"(one per layer, bottom layer first).")
    problems = {}
    for layer, (mine, right) in enumerate(zip(got, expected)):
        try:
            check_array(mine, right, f"layer {layer}", time_axis=0, rtol=rtol)
        except Failure as failure:
            problems[layer] = str(failure)
    if not problems:
        return
    message = (f"{what}: the states of layer(s) {', '.join(map(str, problems))} are wrong"
               f" (of {len(expected)} layers).")
    message += "".join(f"\n- {text}" for text in problems.values())
    if 0 not in problems:
        message += ("\nHint: layer 0 matches but higher layers do not: layer l must read the "
                    "hidden states of layer l-1 (not X), with its own U, W and b.")
    raise Failure(message)


def check_pair(got, what, names):
    """`got` as a pair (first, second), or a Failure if it is not a tuple/list of two values."""
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise Failure(f"{what} is {kind_of(got)}, expected a tuple of two values ({names}).")
    return got


def check_unchanged(function_name, observation):
    """Fail if the observed call modified any of its arguments in place."""
    if observation.changed:
        raise Failure(f"{function_name} modified its argument(s) {', '.join(observation.changed)} "
                      f"in place; it must leave its inputs unchanged. Work on a copy (e.g. "
                      f"X = X.copy()) or avoid in-place updates such as += on an argument.")


def check_same_twice(function_name, first, second):
    """Fail unless two calls with the same arguments returned the same value."""
    if changed_paths([first], [second]):
        raise Failure(f"{function_name} returned a different answer when called a second time "
                      f"with the same arguments: does it keep state between calls (a global "
                      f"variable, a default argument that changes, randomness)?")


# --------------------------------------------------------------------------------------------
# Running tests and reporting
# --------------------------------------------------------------------------------------------


@dataclass
class TestResult:
    name: str
    question: str
    description: str
    max_points: float
    passed: bool
    message: str = ""

    @property
    def points(self):
        return self.max_points if self.passed else 0.0


def run_test(test, student, name=None):
    """Run one test function against `student`; never raises."""
    name = name or test.__name__
    description = (test.__doc__ or "").strip().splitlines()[0] if test.__doc__ else name
    try:
        test(student)
    except AssertionError as failure:
        return TestResult(name, question_of(name), description, getattr(test, "points", 1.0),
                          False, str(failure))
    except Exception as error:  # a test must never crash the run; report it as a failure
        return TestResult(name, question_of(name), description, getattr(test, "points", 1.0),
                          False, f"the check could not finish: {type(error).__name__}: {error}")
    return TestResult(name, question_of(name), description, getattr(test, "points", 1.0), True)


def collect_tests(module):
    """The test functions of a module, in the order they are written, as (name, function)."""
    return [(name, value) for name, value in vars(module).items()
            if name.startswith("test_") and callable(value)]


# --------------------------------------------------------------------------------------------
# The public tests, for students: check("rnn_step") in the notebook
# --------------------------------------------------------------------------------------------

PUBLIC_TESTS = Path(__file__).with_name("test_rnn_public.py")


def public_tests():
    """The public tests (test_rnn_public.py beside this file), as (name, function) pairs."""
    spec = importlib.util.spec_from_file_location("test_rnn_public", PUBLIC_TESTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return collect_tests(module)


def run_tests(tests, student, question=None):
    """Run the tests of `question` (every test if None) against `student`: a list of TestResult."""
    if question is not None and question not in FUNCTIONS:
        raise ValueError(f"there is no question {question!r}; the questions are: "
                         f"{', '.join(FUNCTIONS)}.")
    return [run_test(test, student, name) for name, test in tests
            if question is None or question_of(name) == question]


def public_results(question=None, module_name="rnn", folder="."):
    """Run the public tests of `question` (all if None) against <folder>/<module_name>.py.

    The file is read afresh on every call, so the latest saved edits are the ones checked.
    """
    student = load_student_file(Path(folder) / f"{module_name}.py")
    return run_tests(public_tests(), student, question)


def format_results(results):
    """A friendly report: one block per question, passed or failed, with the failure messages."""
    if not results:
        return "No tests to run."
    lines = []
    for question in dict.fromkeys(result.question for result in results):
        mine = [result for result in results if result.question == question]
        passed = sum(result.passed for result in mine)
        mark = "all passed" if passed == len(mine) else f"{passed} of {len(mine)} passed"
        lines.append(f"{question}: {mark}")
        for result in mine:
            lines.append(f"  {'ok  ' if result.passed else 'FAIL'} {result.description}")
            if not result.passed:
                lines += [f"       {line}" for line in result.message.splitlines()]
    total = sum(result.passed for result in results)
    lines.append("")
    lines.append(f"{total} of {len(results)} checks passed."
                 + (" Well done!" if total == len(results) else ""))
    return "\n".join(lines)


def check(question=None, module_name="rnn"):
    """Check your rnn.py (in the current folder) with the public tests, and print a report.

    check("rnn_step") checks one function; check() checks them all. It never raises.
    """
    try:
        report = format_results(public_results(question, module_name))
    except Exception as error:  # a report must come out whatever happened
        report = f"The check could not run: {error}"
    print(report)
