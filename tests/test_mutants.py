"""The hidden suites catch every small mechanical mistake in the reference (autograder/mutants.py),
and charge it to the mutated function's own question only (error carried forward).

A survivor is either a mistake the suites miss, or a mutant that computes exactly what the
reference computes; only the latter may survive, and each is listed in mutants.EQUIVALENT.
"""

import ast

import pytest

from rnn_bptt import mutants

REFERENCE_LINES = mutants.REFERENCE.splitlines()


@pytest.fixture(scope="module")
def graded():
    return list(mutants.graded())


def test_every_mutant_that_changes_the_results_loses_points(graded):
    assert len(graded) > 150   # the mutations still reach the reference's code
    survivors = [(line, mutation, REFERENCE_LINES[line - 1].strip())
                 for line, mutation, _, results in graded
                 if all(result.passed for result in results)]
    missed = [(line, mutation, text) for line, mutation, text in survivors
              if (mutation, text) not in mutants.EQUIVALENT]
    assert not missed, "the hidden suites miss these mutants of solutions/rnn.py:\n" + "\n".join(
        f"  line {line}, {mutation}: {text}" for line, mutation, text in missed)


def test_each_mutation_changes_exactly_one_place_inside_a_solution_region():
    source = ("def f(x, y):\n    return 0\n\n\ndef g(a, b):\n    # BEGIN SOLUTION\n"
              "    total = a.T @ b + 2\n    total += f(a, -b)\n    return total.sum(axis=0)\n"
              "    # END SOLUTION\n")
    produced = {}   # (line, mutation) -> the mutants' sources
    for line, mutation, text in mutants.mutants(source):
        produced.setdefault((line, mutation), []).append(text)
        ast.parse(text)   # every mutant is valid Python
        assert text.count("\n") == 6   # one change, not a rewrite (the comments are gone)
    assert {line for line, _ in produced} == {7, 8, 9}   # f, outside the region, is untouched

    def made(line, mutation, fragment):
        return any(fragment in text for text in produced[(line, mutation)])

    assert made(7, "drop .T", "total = a @ b + 2")
    assert made(7, "swap operator", "total = a.T @ b - 2")
    assert made(7, "swap operator", "total = a.T * b + 2")
    assert made(8, "assign instead of accumulate", "total = f(a, -b)")
    assert made(8, "swap arguments", "f(-b, a)")
    assert made(8, "drop minus", "f(a, b)")
    assert made(9, "change axis", "sum(axis=1)")


def test_a_mutant_loses_points_in_the_mutated_functions_question_only(graded):
    elsewhere = {(line, mutation, owner): sorted({result.question for result in results
                                                  if not result.passed} - {owner})
                 for line, mutation, owner, results in graded}
    assert not {key: value for key, value in elsewhere.items() if value}
