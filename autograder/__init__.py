"""rnn_bptt: the RNN assignment's grading engine, its hidden suites, and the Otter build.

The installed package maps the repository's folders: rnn_bptt is autograder/, rnn_bptt.solutions
is solutions/ (the reference, for instructors only). See "Architecture" in the README.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = REPO / "assignment"
