"""Calling a student's functions: what every test holds as `student`.

`student.rnn_step(...)` calls the student's function on copies of the arguments and returns its
value; `student.observe("rnn_step", ...)` also says which arguments the call modified. A missing
function or an exception becomes a Failure with a readable message. InProcess calls a submission
loaded in this process (the public tests, Otter); the grader's sandbox calls one in a worker
process through the same interface.

For error carried forward (rnn_bptt.fairness), a student can also record which other functions
of the assignment a call reaches (`recording`), and be graded with stand-ins answering in place
of some of them (`standing_in`). Both work by replacing the names in the submission's globals
for the time of one call, so they take effect however the call reaches them: directly, through
helpers or through a class, as long as it looks the name up when it calls.
"""

import contextlib
import copy
import traceback
from dataclasses import dataclass, field

import numpy as np

from .questions import FUNCTIONS, Evidence, Failure


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
    """The Failure a student reads when their function raised `error` (a RaisedError); its
    evidence (problem "raised") keeps the exception's type and message for the diagnosis."""
    evidence = [Evidence("raised", detail=f"{error.type_name}: {error.message}")]
    if error.type_name == "NotImplementedError":
        return Failure(f"{function_name} is not implemented yet (it raises NotImplementedError).",
                       evidence=[Evidence("not implemented")])
    return Failure(f"{function_name} raised {error.describe()}", evidence=evidence)


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

    _called = None   # while recording: the other functions of the assignment reached

    @contextlib.contextmanager
    def recording(self):
        """Within this block, the set it yields collects the names of the other functions of
        the assignment that the calls reach."""
        self._called = set()
        try:
            yield self._called
        finally:
            self._called = None

    @contextlib.contextmanager
    def standing_in(self, names, reference):
        """A student whose calls reach, in place of the functions `names`, correct stand-ins:
        `reference`'s functions of the same names. Its set `answered` collects the stand-ins
        that answered."""
        yield self

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

    def __init__(self, namespace, load_error=None, unreached=(), stand_ins=None):
        self._namespace = namespace if isinstance(namespace, dict) else vars(namespace)
        self.load_error = load_error
        self.unreached = frozenset(unreached)
        self._stand_ins = stand_ins or {}   # name -> the function answering in its place
        self.answered = set()

    @contextlib.contextmanager
    def standing_in(self, names, reference):
        yield InProcess(self._namespace, self.load_error, self.unreached,
                        {name: getattr(reference, name) for name in names})

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
        replacements = {}
        for other in FUNCTIONS:
            if other == function_name:
                continue
            if other in self._stand_ins:
                replacements[other] = recording(other, self._stand_ins[other], self.answered)
            elif self._called is not None:
                replacements.update(recordings(self._namespace, other, self._called))
        try:
            with replaced(self._namespace, replacements):
                return run(function, args)
        except Exception as error:  # the student's exception, whatever it is, becomes feedback
            raise failure_for_error(function_name, describe_exception(error, function)) from None


def recording(name, function, called):
    """`function`, adding `name` to the set `called` whenever it is called. It shares the
    function's attributes, so code that keeps state on a function sees the same state."""
    def record(*args, **kwargs):
        called.add(name)
        return function(*args, **kwargs)
    record.__name__ = record.__qualname__ = name
    record.__doc__ = getattr(function, "__doc__", None)
    if hasattr(function, "__dict__"):
        record.__dict__ = function.__dict__
    return record


def recordings(namespace, name, called):
    """{name: a recording of it} for a function of the namespace, or for one it lacks (which
    raises NameError, as calling it would: a call the stand-ins can answer); {} otherwise."""
    if name not in namespace:
        return {name: recording(name, undefined(name), called)}
    if callable(namespace[name]):
        return {name: recording(name, namespace[name], called)}
    return {}


def undefined(name):
    def fail(*args, **kwargs):
        raise NameError(f"name {name!r} is not defined")
    return fail


MISSING = object()


@contextlib.contextmanager
def replaced(namespace, replacements):
    """Within this block, namespace[name] is replacements[name]; then what was there is back
    (a name the namespace did not have is removed again)."""
    originals = {name: namespace.get(name, MISSING) for name in replacements}
    namespace.update(replacements)
    try:
        yield
    finally:
        for name, original in originals.items():
            if original is MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = original


class Unloadable(Student):
    """A submission that could not be loaded: every call fails with the reason, for the student."""

    def __init__(self, reason):
        self.reason = reason

    def observe(self, function_name, *args):
        raise Failure(self.reason)
