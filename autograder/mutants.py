"""Mutants of the reference solution: the reference with one small mechanical change.

The corpus (tests/corpus/wrong) holds the mistakes we thought of; mutants are mistakes made
mechanically, one change inside a solution region each:

- an operator swapped (+ and -, * and /, @ and *, ** and *), a unary minus dropped;
- a `.T` dropped, a number changed (n -> n + 1, n -> 0), an `axis=` changed, `keepdims` off;
- an index like [-1] made [0], a comparison negated;
- a statement removed, `x += y` made `x = y`, the first two arguments of a call swapped.

A mutant that passes every hidden test survives: either the suites miss a mistake, or the mutant
computes the same thing as the reference (swapping the arguments of a symmetric function, say).
tests/test_mutants.py requires every survivor to be one of EQUIVALENT; benchmarks/
mutation_score.py prints the score.
"""

import ast
import contextlib
import copy
import io
import warnings

from rnn_bptt import solutions

REFERENCE = solutions.REFERENCE.read_text(encoding="utf-8")

# Survivors that compute exactly what the reference computes: (mutation, the line, stripped).
EQUIVALENT = {
    # squared_error_loss(Y_hat, Y) is symmetric in its two arguments.
    ("swap arguments",
     'return squared_error_loss(regression_head(Hs, params["V"], params["c"]), Y)'),
}

SWAPPED = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
           ast.MatMult: ast.Mult, ast.Pow: ast.Mult}


def solution_lines(source):
    """The line numbers inside `# BEGIN SOLUTION` / `# END SOLUTION` regions."""
    inside, lines = False, set()
    for number, line in enumerate(source.splitlines(), start=1):
        if "# END SOLUTION" in line:
            inside = False
        if inside:
            lines.add(number)
        if "# BEGIN SOLUTION" in line:
            inside = True
    return lines


def mutations(node):
    """The names of the mutations that apply to `node`."""
    if isinstance(node, ast.BinOp) and type(node.op) in SWAPPED:
        yield "swap operator"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield "drop minus"
    if isinstance(node, ast.Attribute) and node.attr == "T":
        yield "drop .T"
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        yield from ("add one", "make zero")
    if isinstance(node, ast.keyword) and node.arg == "axis":
        yield "change axis"
    if isinstance(node, ast.keyword) and node.arg == "keepdims":
        yield "keepdims off"
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.UnaryOp):
        yield "index 0"
    if isinstance(node, ast.Compare):
        yield "negate comparison"
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.Expr)):
        yield "remove statement"
    if isinstance(node, ast.AugAssign):
        yield "assign instead of accumulate"
    if isinstance(node, ast.Call) and len(node.args) >= 2:
        yield "swap arguments"


def mutated(node, mutation):
    """`node` with `mutation` applied (a new node, or `node` changed in place)."""
    if mutation == "swap operator":
        node.op = SWAPPED[type(node.op)]()
    elif mutation == "drop minus":
        return node.operand
    elif mutation == "drop .T":
        return node.value
    elif mutation == "add one":
        return ast.Constant(node.value + 1)
    elif mutation == "make zero":
        return ast.Constant(1 if node.value == 0 else 0)
    elif mutation == "change axis":
        value = node.value
        node.value = ast.Constant(1 if isinstance(value, ast.Constant) and value.value == 0
                                  else 0)
    elif mutation == "keepdims off":
        node.value = ast.Constant(False)
    elif mutation == "index 0":
        node.slice = ast.Constant(0)
    elif mutation == "negate comparison":
        return ast.UnaryOp(ast.Not(), node)
    elif mutation == "remove statement":
        return ast.Pass()
    elif mutation == "assign instead of accumulate":
        return ast.Assign([node.target], node.value)
    elif mutation == "swap arguments":
        node.args[0], node.args[1] = node.args[1], node.args[0]
    return node


class Mutate(ast.NodeTransformer):
    """Applies one mutation to the node at one position of an ast.walk of the tree."""

    def __init__(self, target, mutation):
        self.target, self.mutation = target, mutation

    def visit(self, node):
        node = self.generic_visit(node)
        if node is not self.target:
            return node
        return ast.copy_location(mutated(node, self.mutation), node)


def mutants(source):
    """Every mutant of `source`: (line, mutation, mutated source)."""
    tree = ast.parse(source)
    lines = solution_lines(source)
    original = ast.unparse(tree)
    candidates = [(position, node) for position, node in enumerate(ast.walk(tree))
                  if getattr(node, "lineno", None) in lines]
    for position, node in candidates:
        for mutation in mutations(node):
            copied = copy.deepcopy(tree)
            target = next(item for index, item in enumerate(ast.walk(copied))
                          if index == position)
            text = ast.unparse(ast.fix_missing_locations(Mutate(target, mutation).visit(copied)))
            if text != original:
                yield node.lineno, mutation, text


def graded(source=REFERENCE):
    """Grade every mutant of `source` with the hidden suites, in this process, error carried
    forward as the grader does: (line, mutation, the function mutated, its TestResults) each."""
    from rnn_bptt import fairness, feedback   # lazy: only grading needs the hidden suites
    from rnn_bptt.hidden import all_tests
    from rnn_bptt.solutions import rnn as reference

    tests = all_tests()
    owners = {line: node.name for node in ast.parse(source).body
              if isinstance(node, ast.FunctionDef)
              for line in range(node.lineno, node.end_lineno + 1)}
    for line, mutation, text in mutants(source):
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)   # overflows in the mutants
            student = feedback.load_student(text, "mutant.py")
            yield line, mutation, owners[line], fairness.grade(tests, student, reference)


def survivors(source=REFERENCE):
    """Grade every mutant of `source` (see graded).

    Returns (the number of mutants, the survivors as (line number, mutation, the line stripped)).
    """
    lines = source.splitlines()
    count, surviving = 0, []
    for line, mutation, _, results in graded(source):
        count += 1
        if all(result.passed for result in results):
            surviving.append((line, mutation, lines[line - 1].strip()))
    return count, surviving
