"""The catalogue's misconceptions as code: the reference with one misconception's changes applied.

A change is a pair of snippets (old, new) of the reference's code, read as Python: every
expression (or statement) of the function that is `old`, node for node, becomes `new` (one or
more statements, or none for a statement left out). An entry's changes apply where they are
found, and each function the entry lists must be changed by one at least. The variant of a function is compiled once
per grader process, into a copy of the reference's namespace, so it calls the reference's other
functions: with error carried forward a question is judged on its own code, its callees being
right (or correct stand-ins). Variants run here, in the grader, never in a worker.

Variants.answer(name, function, args) is what the diagnosis asks (feedback.diagnosis): the
answer of a misconception (None: of the reference) on a test's arguments, computed once per
grader process for each input, like the expected values of rnn_bptt.cases; and
Variants.partial_answers(function, args), the right answer with a step or a sequence left out.
"""

import ast
import copy
import inspect

import numpy as np

from rnn_bptt import contributions
from rnn_bptt.feedback.answers import Computed
from rnn_bptt.feedback.recording import arguments_digest
from rnn_bptt.misconceptions import CATALOGUE
from rnn_bptt.solutions import rnn as reference

REFERENCE = inspect.getsource(reference)


class RuleError(ValueError):
    """A catalogue entry that does not apply to the reference; the message says which."""


def expression(body):
    """The expression a parsed snippet is, or None when it is statements."""
    return body[0].value if len(body) == 1 and isinstance(body[0], ast.Expr) else None


class Change(ast.NodeTransformer):
    """Replaces every node equal to `old` by `new`: an expression by an expression, or else one
    statement by the statements of `new` (a call such as states.append(x) is either: it is
    replaced as an expression only by an expression)."""

    def __init__(self, old, new):
        old_body, new_body = ast.parse(old).body, ast.parse(new).body
        if expression(old_body) is not None and expression(new_body) is not None:
            self.old, self.new = expression(old_body), [expression(new_body)]
        else:
            (self.old,), self.new = old_body, new_body
        self.pattern = ast.dump(self.old)
        self.count = 0

    def visit(self, node):
        # Comparing the types first spares dumping every node of the function.
        if type(node) is not type(self.old) or ast.dump(node) != self.pattern:
            return self.generic_visit(node)
        self.count += 1
        new = copy.deepcopy(self.new)
        if isinstance(self.old, ast.expr):
            return new[0]
        return new or ast.Pass()


def function_sources(source=REFERENCE):
    """{name: the source of the function} for every function of `source`."""
    return {node.name: ast.get_source_segment(source, node) for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef)}


def variant_definition(function, changes, sources=None):
    """The definition (an ast.FunctionDef) of `function` of the reference with `changes`
    ((old, new) pairs) applied; `sources` as function_sources gives them."""
    sources = sources or function_sources()
    if function not in sources:
        raise RuleError(f"the reference has no function {function}")
    definition, count = ast.parse(sources[function]).body[0], 0
    for old, new in changes:   # an entry for several functions may change each in its own way
        change = Change(old, new)
        definition = change.visit(definition)
        count += change.count
    if count == 0:
        raise RuleError(f"none of {[old for old, _ in changes]} is in the reference's {function}")
    return ast.fix_missing_locations(definition)


def variant_source(function, changes):
    """The source of `function` of the reference with `changes` applied."""
    return ast.unparse(variant_definition(function, changes))


class Variants:
    """The answers of the catalogue's misconceptions, computed in this process (see the brief).

    The diagnosis's `answers`: misconceptions(function), explanation(name), answer(name,
    function, args).
    """

    def __init__(self, catalogue=CATALOGUE):
        self.catalogue = {entry.name: entry for entry in catalogue}
        self.functions = {}   # (name, function) -> the variant's function
        self.answers = {}     # (name, function, digest of the arguments) -> Computed
        self.partials = {}    # (function, digest of the arguments) -> partial_answers
        self.sources = None   # the reference's functions' sources, read at the first variant

    def misconceptions(self, function):
        return [name for name, entry in self.catalogue.items() if function in entry.functions]

    def explanation(self, name):
        return self.catalogue[name].explanation

    def function(self, name, function):
        if name is None:
            return getattr(reference, function)
        if (name, function) not in self.functions:
            self.sources = self.sources or function_sources()
            definition = variant_definition(function, self.catalogue[name].changes, self.sources)
            namespace = dict(vars(reference))
            exec(compile(ast.Module([definition], []), f"<{name}>", "exec"), namespace)
            self.functions[name, function] = namespace[function]
        return self.functions[name, function]

    def answer(self, name, function, args):
        key = (name, function, arguments_digest(args))
        if key not in self.answers:
            try:
                with np.errstate(all="ignore"):
                    value = self.function(name, function)(*copy.deepcopy(args))
                self.answers[key] = Computed(value)
            except Exception as error:  # a misconception may fail as the student's code does
                self.answers[key] = Computed(raised=f"{type(error).__name__}: {error}")
        return self.answers[key]


    def partial_answers(self, function, args):
        """The right answer with one step or sequence left out or alone, by name, each as a
        Computed (see contributions.partial_answers)."""
        key = (function, arguments_digest(args))
        if key not in self.partials:
            with np.errstate(all="ignore"):
                found = contributions.partial_answers(
                    function, args, lambda part: getattr(reference, function)(*part))
            self.partials[key] = {name: Computed(value) for name, value in found.items()}
        return self.partials[key]


# One per grader process: each input's answers are computed once, however many submissions.
VARIANTS = Variants()
