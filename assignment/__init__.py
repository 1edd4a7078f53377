"""What students get: the stubs rnn.py, the walkthrough notebook, the public tests and their
conftest.py.

This folder is package data of the installed package (rnn_bptt.assignment), so that `check`,
`demo` and `build` find these files whether the package runs from a checkout or was installed
from a wheel. Students receive copies of the files (`rnn-autograder build` writes them into
dist/student/), never this package; this file is not among them.
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
