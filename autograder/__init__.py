"""The grading engine: hidden suites, the sandboxed grader, and the Otter build."""

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = REPO / "assignment"


def _register_rnn_feedback():
    """Make `import rnn_feedback` find the students' library in assignment/.

    It is loaded by its path rather than by putting assignment/ on sys.path, so that `import rnn`
    in the grader can never pick up the student stubs that live beside it.
    """
    if "rnn_feedback" in sys.modules:
        return
    spec = importlib.util.spec_from_file_location("rnn_feedback", ASSIGNMENT / "rnn_feedback.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["rnn_feedback"] = module
    spec.loader.exec_module(module)


_register_rnn_feedback()
