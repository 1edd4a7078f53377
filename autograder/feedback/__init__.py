"""How a submission's functions are called and checked, and how failures are explained.

The public tests, the notebook's check cells, the hidden suites, the grader and the Otter
autograder all call the student's functions through this package, so every one of them reports
a mistake the same way. Nothing here knows a hidden answer: the checks compare what a function
returns with what the test expects and describe the difference. Students get a copy of it
(named rnn_feedback) beside their rnn.py; its modules import each other relatively for that.

    questions   the functions of rnn.py, Failure, @points
    student     calling a student's functions (InProcess, Unloadable, Observation)
    imports     what a submission may import: the rule, its message, where it applies
    loading     running a .py file or a notebook's cells as Jupyter does
    tolerance   how close is right
    wording     how values, indices and lists read in a message
    compare     type, shape, finiteness and values of one answer (Mismatch)
    checks      the checks tests call: check_array, check_gradients, check_unchanged...
    recording   the calls a test makes and their answers (Recorded), and their digests
    answers     what a computation answered, and whether a call agrees (Computed, Digested)
    runner      running tests with their points (TestResult)
    patterns    what a wrong answer shows: a ratio, a permutation, a range...
    diagnosis   a failing question's mistake, named once (misconceptions, patterns, facts)
    reporting   how a report reads: where to start, one block per failing question
    public      check("rnn_step"): the public tests, their diagnosis and their report
"""

from .checks import (SharedPoints, check_array, check_gradient_shapes, check_gradients,
                     check_layers, check_pair, check_same_twice, check_scalar, check_unchanged)
from .compare import check_returns, error_size
from .diagnosis import diagnose
from .imports import under_policy
from .loading import load_student, load_student_file
from .public import check, format_results, public_results, public_tests, run_diagnosed
from .questions import FUNCTIONS, Failure, points, question_of
from .runner import TestResult, collect_tests, run_test, run_tests
from .student import InProcess, Observation, Student, Unloadable

__all__ = [
    "FUNCTIONS", "Failure", "InProcess", "Observation", "SharedPoints", "Student", "TestResult",
    "Unloadable",
    "check", "check_array", "check_gradient_shapes", "check_gradients",
    "check_layers", "check_pair", "check_returns", "check_same_twice", "check_scalar",
    "check_unchanged", "collect_tests", "diagnose", "error_size", "format_results",
    "load_student", "load_student_file", "points", "public_results", "public_tests",
    "question_of", "run_diagnosed", "run_test", "run_tests", "under_policy",
]
