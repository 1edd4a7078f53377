"""Loading a submission as Jupyter and Otter run it: cell by cell, an error stopping only its cell.

A Python file is one cell; a notebook's code cells run one after the other. What was defined
before an error counts. The sandbox's workers load submissions with these same functions.
"""

import ast
import contextlib
import linecache
import signal
from pathlib import Path

from .imports import submission_builtins
from .questions import FUNCTIONS
from .student import InProcess, Unloadable, describe_exception_in

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
    `except Exception` does not swallow it). `clock`: "cpu" (it computed too long) or "wall"
    (it waited too long)."""

    def __init__(self, clock):
        super().__init__(clock)
        self.clock = clock


def load_student(source, filename, time_limit=None, wall_time_limit=None):
    """Run a submission in a fresh namespace: an InProcess, or an Unloadable saying why not.

    `source` is the text of a Python file named `filename`, or a notebook's code cells as a list
    of (name, text) pairs, e.g. ("rnn.ipynb, cell 3", "def softmax(Z): ..."); the names appear
    in tracebacks and messages. As in Jupyter (and Otter), the cells run one after the other and
    a cell that raises stops only itself; a Python file is one cell. What was defined before an
    error counts: the submission is Unloadable only when something failed and not one function
    of FUNCTIONS got defined. `time_limit`: CPU seconds each cell may run before it is stopped
    like one that raised (say, training left at the top of the file), or None for no limit;
    `wall_time_limit`: wall-clock seconds it may take (see time_limited). Its imports are under
    the import policy (feedback.imports).
    """
    cells = [(filename, source)] if isinstance(source, str) else list(source)
    namespace = {"__name__": "submission", "__file__": filename,
                 "__builtins__": submission_builtins(), **JUPYTER_NAMES}
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
            with time_limited(time_limit, wall_time_limit):
                exec(code, namespace)
        except TooSlow as error:
            raised = describe_exception_in(error, name, outermost=True)
            where = f" at line {raised.line}" if raised.line else ""
            code = f"\n    {raised.source_line}" if raised.source_line else ""
            why = ("an endless loop, or a long computation such as training left in the file?"
                   if error.clock == "cpu" else "a long wait, such as time.sleep or input(), or "
                   "training left in the file?")
            errors.append(f"{name} ran for more than {time_limit:g} s and was stopped{where} "
                          f"({why} Put it under `if __name__ == \"__main__\":`).{code}")
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
def time_limited(seconds, wall_seconds=None):
    """Raise TooSlow into the code running in this block once it has used `seconds` of CPU time
    (None: no limit), or after `wall_seconds` of wall-clock time (None: `seconds`).

    CPU time, so that a process slowed down by others on the machine is not stopped for it; the
    wall-clock limit stops code that waits (time.sleep, input()). It uses the process's
    SIGPROF and SIGALRM timers.
    """
    if seconds is None:
        yield
        return

    def stop(signal_number, frame):
        raise TooSlow("cpu" if signal_number == signal.SIGPROF else "wall")

    previous = {number: signal.signal(number, stop)
                for number in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds if wall_seconds is None else wall_seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for number, handler in previous.items():
            signal.signal(number, handler)


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
