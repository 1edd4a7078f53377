"""What a submission may import: one rule, applied alike by the grader, `check`, the public tests
and the Otter autograder, with one message.

The rule (SPEC.md section 2): numpy and the Python standard library, nothing else, since the
assignment is from scratch; matplotlib too, for the submission's own plots, though the graded
functions must not need it.

It applies where the submission imports: its code runs with builtins whose `__import__` is
policy_import (submission_builtins). numpy and the standard library are imported as usual.
matplotlib is imported where it is installed; where it is not, NoPlots stands in for it, so that
plotting code draws nothing and costs nothing. Any other module is never imported: Refused is
bound in its place, and using it raises ImportError with the rule and the module's name. So an
import costs nothing by itself: a function that uses a refused module fails, alone.

Otter runs a submission in its own kernel, importing whatever its environment holds, before our
tests see it: under_policy binds the same stand-ins in the submission's globals afterwards.
"""

import builtins
import sys
import types

import numpy as np

PLOTTING = "matplotlib"
RULE = ("a submission may import numpy and the Python standard library, nothing else (the "
        "assignment is from scratch); matplotlib is fine for your own plots, but the graded "
        "functions must not need it")


def refusal(module):
    """The message a student reads when their code uses `module`, which the rule refuses."""
    return (f"your code uses {module}, which this assignment does not allow: {RULE}. Write "
            f"this part with numpy instead.")


def top_level(name):
    return name.partition(".")[0]


def allowed(name):
    """Whether the rule lets a submission import module `name` (matplotlib included)."""
    top = top_level(name)
    return top in ("numpy", PLOTTING) or top in sys.stdlib_module_names


class Refused:
    """What a name imported from a refused module is bound to: using it raises ImportError with
    the rule. Taking an attribute is not using it, so that `import scipy.special` and
    `from scipy.special import softmax` bind Refused stand-ins; calling one fails."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        if name.startswith("_"):   # Python's own protocols (copy, inspect, numpy): not a use
            raise AttributeError(name)
        return self

    def _use(self, *args, **kwargs):
        raise ImportError(refusal(self._module), name=self._module)

    __call__ = __getitem__ = __iter__ = _use

    def __repr__(self):
        return f"<{self._module}, which this assignment does not allow>"


class NoPlots:
    """matplotlib where it is not installed: its modules, figures and axes, whose every function
    does nothing and returns another NoPlots, so that plotting code runs and draws nothing.
    subplots returns a figure and its axes shaped as matplotlib shapes them, so that
    `fig, (left, right) = plt.subplots(1, 2)` unpacks."""

    def __getattr__(self, name):
        if name.startswith("_"):   # Python's own protocols: not a plotting function
            raise AttributeError(name)
        return NoPlots()

    def __call__(self, *args, **kwargs):
        return NoPlots()

    def __getitem__(self, key):
        return NoPlots()

    def __iter__(self):
        return iter(())

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def subplots(self, nrows=1, ncols=1, *, squeeze=True, **options):
        axes = np.empty((nrows, ncols), dtype=object)
        for index in np.ndindex(axes.shape):
            axes[index] = NoPlots()
        if squeeze:
            axes = axes.squeeze()
            axes = axes.item() if axes.ndim == 0 else axes
        return NoPlots(), axes


_IMPORT = builtins.__import__   # Python's own, whatever a submission later does to builtins


def policy_import(name, globals=None, locals=None, fromlist=(), level=0):
    """`__import__` under the rule: see the module's docstring."""
    if level == 0 and top_level(name) == PLOTTING:
        try:
            return _IMPORT(name, globals, locals, fromlist, level)
        except ImportError:
            return NoPlots()
    if level == 0 and not allowed(name):
        return Refused(top_level(name))
    return _IMPORT(name, globals, locals, fromlist, level)


def submission_builtins():
    """The builtins a submission's code runs with: Python's own, importing under the rule."""
    return {**builtins.__dict__, "__import__": policy_import}


def under_policy(namespace):
    """A submission's globals, run where its imports were not under the rule (Otter's kernel),
    as if they had been: each global that its functions use and that is a refused module, or
    comes from one, is bound to Refused, and its functions look their globals up there. Returns
    `namespace` itself when its functions use nothing refused."""
    functions = {name: value for name, value in namespace.items()
                 if isinstance(value, types.FunctionType) and value.__globals__ is namespace}
    used = set().union(*(names_used(function.__code__) for function in functions.values()))
    refused = {}
    for name in used & namespace.keys():
        module = module_of(namespace[name])
        if module and module != namespace.get("__name__") and not allowed(module):
            refused[name] = Refused(top_level(module))
    if not refused:
        return namespace
    graded = {**namespace, **refused}
    graded.update((name, with_globals(function, graded)) for name, function in functions.items())
    return graded


def names_used(code):
    """The names the code object `code`, and the functions defined in it, read."""
    return set(code.co_names).union(*(names_used(constant) for constant in code.co_consts
                                      if isinstance(constant, types.CodeType)))


def module_of(value):
    """The name of the module `value` is, or comes from (None when it does not say)."""
    if isinstance(value, types.ModuleType):
        return value.__name__
    module = getattr(value, "__module__", None)
    return module if isinstance(module, str) else None


def with_globals(function, namespace):
    """A copy of `function` that looks its globals up in `namespace`."""
    copy = types.FunctionType(function.__code__, namespace, function.__name__,
                              function.__defaults__, function.__closure__)
    copy.__kwdefaults__ = function.__kwdefaults__
    copy.__dict__.update(function.__dict__)
    return copy
