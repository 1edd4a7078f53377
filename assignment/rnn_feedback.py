"""How your rnn.py is called and checked, and how failures are explained.

The public tests, the notebook's check cells, the instructors' hidden tests and the Otter
autograder all call your functions through this module, so every one of them reports a mistake
the same way. Nothing here knows a hidden answer: the checks compare what your function returns
with what the test expects and describe the difference.
"""

import ast
import contextlib
import copy
import importlib.util
import itertools
import math
import signal
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
    """What a student's code raised, reduced to plain data (it may cross a process boundary)."""
    type_name: str
    message: str
    line: int | None        # line of the student's file (or notebook cell) where it was raised
    source_line: str = ""
    file: str = ""          # that file, or "rnn.ipynb, cell 3" for a notebook's cell

    def where(self):
        """ " at line 12 of rnn.py", or "" when the line is not known."""
        return f" at line {self.line} of {self.file or 'your file'}" if self.line else ""

    def describe(self):
        """ "NameError at line 12 of rnn.py: name 'x' is not defined" and the line of code."""
        code = f"\n    {self.source_line}" if self.source_line else ""
        return f"{self.type_name}{self.where()}: {self.message}{code}"


def describe_exception(error, function):
    """Reduce an exception raised inside `function` to a RaisedError."""
    return describe_exception_in(error, getattr(getattr(function, "__code__", None),
                                                "co_filename", None))


def describe_exception_in(error, filename, outermost=False):
    """Reduce an exception to a RaisedError, pointing at the last line of `filename` it passed
    (or, if `outermost`, the first: for a whole file, the top-level statement that was running).
    """
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.filename == filename]
    if not frames:
        return RaisedError(type(error).__name__, str(error)[:500], None)
    frame = frames[0] if outermost else frames[-1]
    return RaisedError(type(error).__name__, str(error)[:500], frame.lineno,
                       (frame.line or "").strip(), filename)


def failure_for_error(function_name, error):
    """The Failure a student reads when their function raised `error` (a RaisedError)."""
    if error.type_name == "NotImplementedError":
        return Failure(f"{function_name} is not implemented yet (it raises NotImplementedError).")
    return Failure(f"{function_name} raised {error.describe()}")


def missing_function_failure(function_name, load_error=None):
    """The Failure for a function the file does not define; `load_error` says why its file
    stopped running before it reached the function's `def`, if it did."""
    expected = f"def {function_name}({', '.join(FUNCTIONS[function_name])})"
    if load_error:
        return Failure(f"{function_name} is not defined (expected {expected}). {load_error}")
    return Failure(f"{function_name} is not defined in your file (expected {expected}).")


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
    """What every test calls: student.rnn_step(...) is student.call("rnn_step", ...), the value;
    student.observe("rnn_step", ...) also says which arguments the call modified."""

    def observe(self, function_name, *args):
        raise NotImplementedError

    def call(self, function_name, *args):
        return self.observe(function_name, *args).value

    def __getattr__(self, function_name):
        if function_name not in FUNCTIONS:
            raise AttributeError(function_name)
        return lambda *args: self.call(function_name, *args)


class InProcess(Student):
    """Calls the functions of a submission loaded in this very process.

    `namespace` is a module or a dict of the submission's globals. `student.rnn_step(...)` calls
    the student's rnn_step on copies of the arguments and returns its value; a missing function
    or an exception becomes a Failure with a readable message. `load_error`: what running the
    file raised, when it stopped before its end (the functions defined before that still count);
    `unreached`: the functions whose `def` it did not reach because of that.
    """

    def __init__(self, namespace, load_error=None, unreached=()):
        self._namespace = namespace if isinstance(namespace, dict) else vars(namespace)
        self.load_error = load_error
        self.unreached = frozenset(unreached)

    def observe(self, function_name, *args):
        value, changed = self._run(function_name, call_and_watch, args)
        return Observation(value, [describe_path(function_name, p) for p in changed])

    def call(self, function_name, *args):
        # One copy of the arguments is enough when nobody asks what the call changed.
        return self._run(function_name, lambda function, given: function(*copy.deepcopy(given)),
                         args)

    def _run(self, function_name, run, args):
        """run(the student's function, args), its exceptions turned into Failures."""
        function = self._namespace.get(function_name)
        if not callable(function):
            raise missing_function_failure(
                function_name, self.load_error if function_name in self.unreached else None)
        try:
            return run(function, args)
        except Exception as error:  # the student's exception, whatever it is, becomes feedback
            raise failure_for_error(function_name, describe_exception(error, function)) from None


class Unloadable(Student):
    """A submission that could not be loaded: every call fails with the reason, for the student."""

    def __init__(self, reason):
        self.reason = reason

    def observe(self, function_name, *args):
        raise Failure(self.reason)


MAX_LOAD_ERRORS = 5  # errors of a notebook's cells listed in a message; the rest are counted


class NoIPython:
    """IPython's shell where there is none: whatever a notebook asks of it does nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


# What Jupyter gives a notebook without an import, so that a notebook's cells, or a file exported
# from a notebook (`get_ipython().run_line_magic("matplotlib", "inline")`), run as they do there.
JUPYTER_NAMES = {"get_ipython": NoIPython, "display": lambda *objects, **options: print(*objects)}


class TooSlow(BaseException):
    """Raised into a cell that ran past its time limit (a BaseException, so that the student's
    `except Exception` does not swallow it)."""


def load_student(source, filename, time_limit=None):
    """Run a submission in a fresh namespace: an InProcess, or an Unloadable saying why not.

    `source` is the text of a Python file named `filename`, or a notebook's code cells as a list
    of (name, text) pairs, e.g. ("rnn.ipynb, cell 3", "def softmax(Z): ..."); the names appear
    in tracebacks and messages. As in Jupyter (and Otter), the cells run one after the other and
    a cell that raises stops only itself; a Python file is one cell. What was defined before an
    error counts: the submission is Unloadable only when something failed and not one function
    of FUNCTIONS got defined. `time_limit`: seconds each cell may run before it is stopped like
    one that raised (say, training left at the top of the file), or None for no limit; it uses
    the process's SIGALRM timer.
    """
    import linecache

    cells = [(filename, source)] if isinstance(source, str) else list(source)
    namespace = {"__name__": "submission", "__file__": filename, **JUPYTER_NAMES}
    errors = []
    for name, text in cells:
        # Tracebacks read source lines through linecache: a cell is no file on disk.
        linecache.cache[name] = (len(text), None, text.splitlines(True), name)
        try:
            code = compile(text, name, "exec")
        except SyntaxError as error:
            line = f"\n    {error.text.strip()}" if error.text and error.text.strip() else ""
            errors.append(f"SyntaxError at line {error.lineno} of {name}: {error.msg}{line}")
            continue
        try:
            with time_limited(time_limit):
                exec(code, namespace)
        except TooSlow as error:
            raised = describe_exception_in(error, name, outermost=True)
            where = f" at line {raised.line}" if raised.line else ""
            code = f"\n    {raised.source_line}" if raised.source_line else ""
            errors.append(f"{name} ran for more than {time_limit:g} s and was stopped{where} "
                          f"(an endless loop, or a long computation such as training left in "
                          f"the file? Put it under `if __name__ == \"__main__\":`).{code}")
        except (Exception, SystemExit) as error:  # an exit() at the top of a file counts too
            errors.append(describe_exception_in(error, name, outermost=True).describe())
    if not errors:
        return InProcess(namespace)
    listed = errors[:MAX_LOAD_ERRORS]
    if len(errors) > len(listed):
        listed.append(f"... and {len(errors) - len(listed)} more cells raised errors.")
    report = "\n".join(listed)
    if not any(callable(namespace.get(function_name)) for function_name in FUNCTIONS):
        return Unloadable(f"Your file {filename} could not be loaded: {report}")
    unreached = functions_written(cells) - {name for name in FUNCTIONS
                                            if callable(namespace.get(name))}
    if len(cells) == 1:
        return InProcess(namespace, f"Running your file stopped early: {report}", unreached)
    return InProcess(namespace, f"Cells of your notebook raised errors (the other cells ran): "
                                f"{report}", unreached)


def parsed_cells(source):
    """The syntax trees of a submission's cells (`source` as for load_student), read without
    running them; a cell that does not parse is left out."""
    cells = [source] if isinstance(source, str) else [text for _, text in source]
    for text in cells:
        try:
            yield ast.parse(text)
        except (SyntaxError, ValueError):
            continue


def functions_written(source):
    """The functions of FUNCTIONS that `source` defines with a top-level `def`."""
    return {node.name for tree in parsed_cells(source) for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name in FUNCTIONS}


@contextlib.contextmanager
def time_limited(seconds):
    """Raise TooSlow into the code running in this block after `seconds` (None: no limit)."""
    if seconds is None:
        yield
        return

    def stop(signal_number, frame):
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def load_student_file(path):
    """load_student for the Python file at `path` (an Unloadable if it cannot be read)."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8-sig")   # a byte order mark (Notepad) is dropped
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
# non-finite values, wrong values (how many, where, and how far off as a power of ten only: see
# error_size), and a hint when the pattern of the error points at a known misconception. It never
# prints an expected value, nor an error precise enough to give one: hidden tests use these checks
# too, and their answers stay hidden.
#
# A hint is a guess about the cause, so it is only given when its pattern holds over (nearly) all
# the entries it speaks of: a few stray entries off (say, one value just outside the tolerance)
# fit almost any pattern by accident and get no hint at all rather than a misleading one.

RTOL = 1e-6   # relative tolerance: far above float64 round-off, far below any wrong formula
ATOL = 1e-12  # absolute floor, for entries that are exactly 0
NEARLY_ALL = 0.9  # share of the entries concerned in which a hint's pattern must hold

# What the values of an array mean: each meaning has its own hints (check_array's `kind`).
KINDS = ("hidden states", "outputs", "probabilities", "jacobian norms")


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
    """`got` as a float64 array, or a Failure if it does not hold float64 numbers.

    Anything NumPy reads as float64 numbers is accepted (a list of Python floats, a Python float,
    a numpy float64 scalar, a 0-d array); the shape is checked by the caller. Integers and floats
    of another precision (float32) are wrong types: SPEC.md asks for float64 everywhere, and the
    dtype survives the grader's sandbox, so every way of running the tests agrees.
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
    if array.dtype.kind in "iu":
        raise Failure(f"{what} has the wrong type: it returns integers ({array.dtype}) where "
                      f"floats are expected; compute in float64 (the default for NumPy arrays). "
                      f"An array made from integers, such as np.zeros_like(labels), stays "
                      f"integer and truncates what you store in it.")
    if array.dtype.itemsize != 8:  # float64 in either byte order
        raise Failure(f"{what} has the wrong type: it returns {array.dtype} values; compute in "
                      f"float64 (the default for NumPy arrays), without dtype={array.dtype} or "
                      f".astype({array.dtype}).")
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


def nearly_all(mask):
    """True when a pattern holds in (nearly) every entry of the boolean array `mask`."""
    return mask.size > 0 and float(np.mean(mask)) >= NEARLY_ALL


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


def and_list(names):
    """["dU", "dW", "db"] -> "dU, dW and db"."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def per_step(mask, time_axis):
    """A boolean array as one row per time step: shape (T, entries of one step)."""
    return np.moveaxis(mask, time_axis, 0).reshape(mask.shape[time_axis], -1)


# --------------------------------------------------------------------------------------------
# Hints: the pattern of an error, named without giving the answer away
# --------------------------------------------------------------------------------------------


def size_products(sizes):
    """The sizes a loss sums over (T, N, K) and their products, by value: {12: ["T*N"], ...}.

    Sizes of 1 are left out (a factor 1 is no factor); equal products are listed together, so
    that the all-square case names every reading: {4: ["T", "N", "K"], 16: [...], 64: [...]}.
    """
    axes = [(name, sizes[name]) for name in ("T", "N", "K") if (sizes or {}).get(name, 1) > 1]
    products = {}
    for count in range(1, len(axes) + 1):
        for chosen in itertools.combinations(axes, count):
            products.setdefault(math.prod(value for _, value in chosen), []).append(
                "*".join(name for name, _ in chosen))
    return products


def whole(x, rtol):
    """`x` as a whole number of at least 2 when it is one (to within 10 rtol), else None."""
    n = round(x)
    return n if n >= 2 and abs(x - n) <= 10 * rtol * n else None


def scaling_hint(got, expected, wrong, sizes, rtol):
    """A hint when `got` is `expected` times one constant (-1, 2, 1/2, 1/N, 1/(T*N*K)...).

    The constant must explain the error in (nearly) every entry that is not negligibly small.
    """
    norm = float(np.sum(expected * expected))
    if norm == 0.0:
        return None
    factor = float(np.sum(got * expected)) / norm
    significant = np.abs(expected) > 1e-3 * float(np.max(np.abs(expected)))
    if not (close(got, factor * expected, rtol * 10) and nearly_all(wrong[significant])):
        return None
    every = "every value" if expected.ndim else "your value"
    if abs(factor + 1) <= 10 * rtol:
        return f"{every} has the right size but the opposite sign: a sign flipped somewhere?"
    if abs(factor) < 1e-9:
        return f"{every} is (nearly) zero."
    products = size_products(sizes)
    causes, ratio = [], None
    if factor > 0 and (down := whole(1 / factor, rtol)):
        ratio = "exactly half" if down == 2 else f"1/{down} of"
        if down in products:
            causes.append(f"a mean instead of a sum ({down} = {' or '.join(products[down])} here)?")
        if down == 2:
            causes.append("a missing factor 2, or an extra 1/2?")
    elif factor > 0 and (up := whole(factor, rtol)):
        ratio = "exactly twice" if up == 2 else f"{up} times"
        if up in products:
            causes.append(f"something added {up} times over ({up} = "
                          f"{' or '.join(products[up])} here), by a broadcast or a loop?")
        if up == 2:
            causes.append("a term counted twice?")
    if causes:
        return f"{every} is {ratio} what it should be: {' Or '.join(causes)}"
    if np.count_nonzero(significant) < 3:  # two numbers are often proportional by construction
        return None                         # (a 2-class softmax's gradient sums to 0): no clue
    return f"{every} is off by the same constant factor: a scaling mistake somewhere?"


def transpose_hint(got, expected, wrong, rtol):
    """A hint when a square matrix is the transpose of the right one (which is not symmetric)."""
    if got.ndim != 2 or got.shape[0] != got.shape[1] or len(got) < 2:
        return None
    off_diagonal = ~np.eye(len(got), dtype=bool)
    if close(got, expected.T, rtol) and nearly_all(wrong[off_diagonal]):
        return "your matrix is the transpose of the right one: check the order of a matrix product."
    return None


def sums_to_one(array, axis):
    return bool(np.allclose(array.sum(axis=axis), 1.0, rtol=0, atol=1e-9))


def probability_hint(got, wrong):
    """Hints for softmax outputs, from the axis their values sum to 1 over (if any)."""
    rows_wrong = wrong.reshape(-1, got.shape[-1]).any(axis=1)
    if not nearly_all(rows_wrong):
        return None
    if sums_to_one(got, -1):
        return ("every row sums to 1 but the values differ: is the softmax taken over the last "
                "axis, of the right logits (h V + c)?")
    for axis in range(got.ndim - 1):
        if got.shape[axis] > 1 and sums_to_one(got, axis):
            return (f"your values sum to 1 over axis {axis}, not over the last axis: "
                    f"a softmax over the wrong axis?")
    if nearly_all(np.abs(got.sum(axis=-1) - 1.0).ravel() > 1e-9):
        return "your probabilities do not sum to 1 over the last axis."
    return None


def hidden_state_hint(step_wrong):
    """Hints for hidden states h_0 ... h_{T-1}, from the time steps that are wrong."""
    if nearly_all(step_wrong[0]):
        return ("step 0 is already wrong: h_0 = tanh(x_0 U + b) has no recurrent term (h_prev is "
                "None at t = 0): check the nonlinearity, the bias and the start of the sequence.")
    if (len(step_wrong) >= 2 and not step_wrong[0].any()
            and nearly_all(step_wrong[1:])):
        return ("step 0 matches but later steps do not: check the recurrence, h_{t-1} W "
                "(row form, with the state of the step before).")
    return None


def jacobian_norm_hint(step_wrong):
    """Hints for the norms of d h_{T-1} / d h_t, row t, from the rows that are wrong."""
    if nearly_all(step_wrong[-1]):
        return ("the last row is wrong: entry [T-1, n] is the Frobenius norm of the identity "
                "d h_{T-1} / d h_{T-1}, sqrt(H), for each sequence n. Check which row holds which "
                "step (row t is d h_{T-1} / d h_t) and that you take the Frobenius norm of each "
                "sequence's own H x H Jacobian.")
    if len(step_wrong) >= 2 and not step_wrong[-1].any() and nearly_all(step_wrong[-2]):
        return ("the last row is right but row T-2, the norm of the one-step Jacobian "
                "d h_{T-1} / d h_{T-2}, is already wrong: check that Jacobian (in the row form "
                "h_t = tanh(h_{t-1} W + ...), which h goes into the tanh derivative, and is it W "
                "or W^T?) and the hidden states it is computed from.")
    if (len(step_wrong) >= 3 and not step_wrong[-2:].any()
            and nearly_all(step_wrong[:-2])):
        return ("the rows for one step back match but earlier rows do not: d h_{T-1} / d h_t is "
                "the product of the one-step Jacobians from step T-1 down to step t+1: check the "
                "order in which you multiply them, and the hidden states of the earlier steps.")
    return None


def same_error_in_every_row_hint(got, expected, wrong, rtol):
    """A hint for outputs whose error is one same vector in every row (a bias mistake)."""
    rows = (got - expected).reshape(-1, got.shape[-1])
    allowed = float(np.max(tolerance(expected, rtol)))
    if (len(rows) >= 2 and np.allclose(rows, rows[0], rtol=0, atol=allowed)
            and nearly_all(wrong.reshape(-1, got.shape[-1]).any(axis=1))):
        return ("the error is the same in every row: a bias added twice, missing, or with "
                "the wrong sign?")
    return None


def pattern_hint(got, expected, wrong, rtol, time_axis=None, sizes=None, kind=None):
    """The first hint whose pattern explains the error, or None. Detects structure, never answers.

    `wrong` marks the entries that are off; `kind` (one of KINDS, or None) says what the values
    mean, so that a hint speaks of the question asked: no backpropagation in a forward pass.
    """
    hint = (scaling_hint(got, expected, wrong, sizes, rtol)
            or transpose_hint(got, expected, wrong, rtol))
    if hint:
        return hint
    if kind == "probabilities":
        return probability_hint(got, wrong)
    if kind == "hidden states" and time_axis is not None:
        return hidden_state_hint(per_step(wrong, time_axis))
    if kind == "jacobian norms" and time_axis is not None:
        return jacobian_norm_hint(per_step(wrong, time_axis))
    if kind == "outputs":
        return same_error_in_every_row_hint(got, expected, wrong, rtol)
    return None


# --------------------------------------------------------------------------------------------
# The checks the tests call
# --------------------------------------------------------------------------------------------


LARGEST_REPORTED_POWER = 6  # relative errors beyond 1e6 (an expected 0...) are all "above 1e6"


def error_size(got, expected):
    """How far `got` is from `expected`, as a relative error rounded to the nearest power of ten.

    "a relative error of order 1e-2": every message says how far off through this, and never more
    precisely. The student knows their own value, so an exact error (absolute or relative) would
    give the expected value away; a power of ten pins the relative error down only to a factor of
    about 3 either way. `got` must differ from `expected`.
    """
    power = math.log10(abs(got - expected)) - math.log10(max(abs(expected), 1e-300))
    if power > LARGEST_REPORTED_POWER + 0.5:   # an infinite power included
        return f"a relative error above 1e{LARGEST_REPORTED_POWER}"
    power = round(power)
    return f"a relative error of order {'1' if power == 0 else f'1e{power}'}"


@dataclass
class Mismatch:
    """How an array of the right shape differs from the expected one (no expected value)."""
    count: int            # entries off
    size: int
    error: str            # how far off the worst entry (worst for its tolerance) is: error_size
    index: tuple
    steps: str            # which time steps match, for sequences ("" otherwise)
    hint: str | None

    def summary(self):
        return (f"{self.count} of {self.size} entries are off. The worst, at index "
                f"{index_text(self.index)}, has {self.error}.{self.steps}")


def compare(array, expected, *, time_axis=None, sizes=None, kind=None, rtol=RTOL):
    """A Mismatch saying how `array` differs from `expected` (same shape), or None if it agrees."""
    if kind not in (None, *KINDS):
        raise ValueError(f"unknown kind {kind!r}; use one of {KINDS}")
    error = np.abs(array - expected)
    allowed = tolerance(expected, rtol)
    wrong = error > allowed
    if not wrong.any():
        return None
    worst = np.unravel_index(int(np.argmax(error / allowed)), expected.shape)
    steps = ""
    if time_axis is not None:
        step_wrong = per_step(wrong, time_axis).any(axis=1)
        right_steps = [t for t, bad in enumerate(step_wrong) if not bad]
        wrong_steps = [t for t, bad in enumerate(step_wrong) if bad]
        steps = (f" Time steps that match: {steps_text(right_steps) or 'none'}; "
                 f"time steps that do not: {steps_text(wrong_steps)}.")
    return Mismatch(int(wrong.sum()), wrong.size,
                    error_size(float(array[worst]), float(expected[worst])),
                    tuple(int(i) for i in worst), steps,
                    pattern_hint(array, expected, wrong, rtol, time_axis, sizes, kind))


def check_returns(got, shape, what):
    """`got` as a float64 array, failing unless it holds finite numbers of the given shape."""
    array = as_array(got, what, shape)
    check_shape(array, shape, what, got)
    check_finite(array, what)
    return array


def check_array(got, expected, what, *, time_axis=None, sizes=None, kind=None, rtol=RTOL):
    """Fail with a student-readable Failure unless `got` matches the array `expected`.

    - time_axis: the axis of time steps, if any: the message says which steps match.
    - sizes: e.g. {"N": 3, "T": 7, "K": 4}, to name a constant factor (a mean instead of a sum).
    - kind: what the values are (one of KINDS), for the hints that only make sense for them.
    """
    expected = np.asarray(expected, dtype=np.float64)
    array = check_returns(got, expected.shape, what)
    mismatch = compare(array, expected, time_axis=time_axis, sizes=sizes, kind=kind, rtol=rtol)
    if mismatch:
        raise Failure(f"{what} is wrong: {mismatch.summary()}"
                      + (f"\nHint: {mismatch.hint}" if mismatch.hint else ""))


def check_scalar(got, expected, what, *, sizes=None, rtol=RTOL):
    """Fail unless `got` is one number matching `expected` (a float, numpy scalar or 0-d array)."""
    expected = float(expected)
    value = float(check_returns(got, (), what))
    if abs(value - expected) <= rtol * abs(expected) + ATOL:
        return
    message = f"{what} is wrong, with {error_size(value, expected)}."
    hint = scaling_hint(np.array(value), np.array(expected), np.array(True), sizes, rtol)
    raise Failure(message + (f"\nHint: {hint}" if hint else ""))


def explain_parts(got, expected, name, *, rtol, **compare_options):
    """Check several arrays (dict or list `expected`), each briefly, and collect their hints.

    Returns (problems, shares, hints): problems maps each wrong part to a one-line description,
    shares to the share of its entries that are off (1 for a wrong type or shape), and hints maps
    each distinct hint to the names of the parts it concerns, so a hint shared by several parts is
    given once. `name(part)` is how a message names a part ("dU", "layer 1").
    """
    problems, shares, hints = {}, {}, {}
    for part in (expected if isinstance(expected, dict) else range(len(expected))):
        want = np.asarray(expected[part], dtype=np.float64)
        try:
            array = check_returns(got[part], want.shape, name(part))
        except Failure as failure:
            problems[part], shares[part] = str(failure), 1.0
            continue
        mismatch = compare(array, want, rtol=rtol, **compare_options)
        if mismatch:
            problems[part] = f"{name(part)}: {mismatch.summary()}"
            shares[part] = mismatch.count / mismatch.size
            if mismatch.hint:
                hints.setdefault(mismatch.hint, []).append(name(part))
    return problems, shares, hints


def hint_lines(hints):
    """Each distinct hint once, with the parts it concerns: "Hint for dU and db: ..."."""
    return "".join(f"\nHint for {and_list(names)}: {hint}" for hint, names in hints.items())


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

    The message lists every wrong gradient in one line each, then each distinct hint once: the
    patterns within a gradient (a factor 1/N...) and what the set of wrong gradients points at.
    """
    check_keys(got, expected, what)
    problems, shares, hints = explain_parts(got, expected, lambda key: f"d{key}", sizes=sizes,
                                            rtol=rtol)
    if not problems:
        return
    right = [key for key in expected if key not in problems]
    message = (f"{what}: the gradient(s) for {', '.join(problems)} are wrong"
               + (f" (the ones for {', '.join(right)} are right)." if right else "."))
    message += "".join(f"\n- {text}" for text in problems.values())
    message += hint_lines(hints)
    wholly_wrong = {key for key, share in shares.items() if share >= NEARLY_ALL}
    right = set(expected) - set(problems)
    message += "".join(f"\nHint: {hint}" for hint in gradient_hints(wholly_wrong, right))
    raise Failure(message)


def gradient_hints(wrong, right):
    """Hints from which gradients are wrong, where the right ones rule part of the backward out.

    `wrong` holds the gradients wrong in (nearly) every entry, `right` those wholly right: a
    gradient with a few entries just off says nothing about where the mistake is.
    dU, dW and db are all built from the same da_t (the gradient at the pre-activation), dV and
    dc from the same output gradient dz_t. When one of a family is right, its shared gradient is
    right, so a wrong sibling is wrong in its own last step: how it sums over steps and sequences.
    """
    hints = []
    if {"U", "b"} <= wrong and {"V", "c"} <= right:
        hints.append("the output-layer gradients (V, c) are right, so the error is in the backward "
                     "pass through the hidden states: check the gradient carried back into h_t "
                     "from step t+1 (through W) and the tanh derivative 1 - h_t^2.")
    if "W" in wrong and {"U", "b"} <= right:
        hints.append("dW is wrong while dU and db, built from the same da_t, are right: dW sums "
                     "h_{t-1}^T da_t over the steps t >= 1 (h_0 has no recurrent term): check "
                     "which hidden state multiplies da_t.")
    if "U" in wrong and "b" in right:
        hints.append("dU is wrong while db, built from the same da_t, is right: dU sums "
                     "x_t^T da_t over every step: check the input and the transpose.")
    if "b" in wrong and "U" in right:
        hints.append("db is wrong while dU, built from the same da_t, is right: db must add da_t "
                     "up over every time step and every sequence of the batch (axes 0 and 1).")
    if "V" in wrong and "c" in right:
        hints.append("dV is wrong while dc, built from the same output gradient, is right: dV sums "
                     "h_t^T dz_t over every step: check the hidden state and the transpose.")
    if "c" in wrong and "V" in right:
        hints.append("dc is wrong while dV, built from the same output gradient, is right: dc must "
                     "add the output gradient up over every time step and every sequence of the "
                     "batch (axes 0 and 1).")
    return hints


def check_layer_count(got, count, what):
    """Fail unless `got` is a list (or tuple) of `count` items, one per layer."""
    if not isinstance(got, (list, tuple)) or len(got) != count:
        raise Failure(f"{what} is {kind_of(got)}, expected a list of {count} arrays "
                      f"(one per layer, bottom layer first).")


def check_layers(got, expected, what, *, rtol=RTOL):
    """Fail unless `got` is a list of arrays matching the list `expected`, one per layer."""
    check_layer_count(got, len(expected), what)
    problems, shares, hints = explain_parts(got, expected, lambda layer: f"layer {layer}",
                                            time_axis=0, kind="hidden states", rtol=rtol)
    if not problems:
        return
    message = (f"{what}: the states of layer(s) {', '.join(map(str, problems))} are wrong"
               f" (of {len(expected)} layers).")
    message += "".join(f"\n- {text}" for text in problems.values())
    if 0 not in problems and all(shares.get(layer, 0.0) >= NEARLY_ALL
                                 for layer in range(1, len(expected))):
        # the sharper diagnosis: a layer's own hints would speak of x_t, not of the layer below
        message += ("\nHint: layer 0 matches but every higher layer is wrong: layer l must read "
                    "the hidden states of layer l-1 (not X), with its own U, W and b.")
    else:
        message += hint_lines(hints)
    raise Failure(message)


def check_pair(got, what, names):
    """`got` as a pair (first, second), or a Failure if it is not a tuple/list of two values."""
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise Failure(f"{what} is {kind_of(got)}, expected a tuple of two values ({names}).")
    return got


def check_form(got, like, what):
    """Fail unless `got` has the form of `like`, whatever its values.

    `like` is any value of the right form: the expected answer, or a stand-in of its type and
    shapes. The form is what the checks above demand before they compare values: one finite
    float64 number or array of the right shape, a dict of gradients with the right keys and shapes,
    a list with one array per layer, a (loss, grads) pair of those.
    """
    if isinstance(like, dict):
        check_gradient_shapes(got, {key: np.shape(value) for key, value in like.items()}, what)
    elif isinstance(like, list):
        check_layer_count(got, len(like), what)
        for layer, (states, shape) in enumerate(zip(got, map(np.shape, like))):
            check_returns(states, shape, f"layer {layer} of {what}")
    elif isinstance(like, tuple):   # the (loss, grads) of many_to_one_loss_and_grads
        loss, grads = check_pair(got, what, "loss, grads")
        check_form(loss, like[0], f"the loss of {what}")
        check_form(grads, like[1], f"the gradients of {what}")
    else:
        check_returns(got, np.shape(like), what)


def check_answers(function_name, got, like, rule):
    """Fail unless `got`, what `function_name` returned, has the form of `like`.

    A test of a rule every function keeps (`rule`: "leaves its arguments unchanged"...) counts
    only for a function that answers, rightly or wrongly: a function that returns None keeps
    every rule, and earns nothing for it.
    """
    try:
        check_form(got, like, f"what {function_name} returns")
    except Failure as failure:
        problem = str(failure)
        raise Failure(f"{problem[0].upper()}{problem[1:]}\nThis test checks that {function_name} "
                      f"{rule}; it counts only once {function_name} returns an answer of the "
                      f"right form (the other tests check its values).") from None


def check_unchanged(function_name, observation, like):
    """Fail unless the observed call answered (in the form of `like`) and modified no argument."""
    check_answers(function_name, observation.value, like, "leaves its arguments unchanged")
    if observation.changed:
        raise Failure(f"{function_name} modified its argument(s) {', '.join(observation.changed)} "
                      f"in place; it must leave its inputs unchanged. Work on a copy (e.g. "
                      f"X = X.copy()) or avoid in-place updates such as += on an argument.")


def check_same_twice(function_name, first, second, like):
    """Fail unless two calls with the same arguments gave the same answer, in the form of `like`."""
    check_answers(function_name, first, like, "gives the same answer twice")
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
