"""The reference solution, rnn.py: the grader computes every expected value with it, and the
student stubs are made from it (`rnn-autograder generate`). Instructors have it because they
install this package to grade; students never get it.
"""

from pathlib import Path

REFERENCE = Path(__file__).resolve().with_name("rnn.py")
