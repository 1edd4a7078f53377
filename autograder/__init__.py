"""The grading engine: hidden suites, the sandboxed grader, and the Otter build."""

import importlib.abc
import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = REPO / "assignment"


class _RnnFeedbackFinder(importlib.abc.MetaPathFinder):
    """Makes `import rnn_feedback` find the students' library in assignment/.

    It is found by its path rather than by putting assignment/ on sys.path, so that `import rnn`
    in the grader can never pick up the student stubs that live beside it. And it is found only
    when first imported, because it imports NumPy: the grader starts its sandbox before that.
    """

    def find_spec(self, name, path=None, target=None):
        if name != "rnn_feedback":
            return None
        return importlib.util.spec_from_file_location(name, ASSIGNMENT / "rnn_feedback.py")


if not any(isinstance(finder, _RnnFeedbackFinder) for finder in sys.meta_path):
    sys.meta_path.insert(0, _RnnFeedbackFinder())
