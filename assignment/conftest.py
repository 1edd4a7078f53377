"""pytest support for the public tests: `student` is your rnn.py, the file beside this one.

Run `python -m pytest test_rnn_public.py` in this folder. If rnn.py cannot be loaded (a syntax
error, say), every test fails with the reason.
"""

from pathlib import Path

import pytest

from rnn_bptt.feedback import load_student_file


@pytest.fixture
def student():
    return load_student_file(Path(__file__).with_name("rnn.py"))
