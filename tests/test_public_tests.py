"""The students' public tests: they pass on the reference, fail cleanly on the stubs, and
check() prints a friendly report whatever it finds.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rnn_bptt.feedback import (check, format_results, load_student, load_student_file, public_tests,
                               run_test, run_tests)

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = REPO / "assignment"
REFERENCE = REPO / "solutions" / "rnn.py"
STUBS = ASSIGNMENT / "rnn.py"
HAND_STATES = [[[0.6351489523872873]], [[-0.7089894290345368]]]   # the public hand case's states


def test_public_tests_pass_on_the_reference():
    results = run_tests(public_tests(ASSIGNMENT), load_student_file(REFERENCE))
    assert [(r.name, r.message) for r in results if not r.passed] == []


def test_public_tests_fail_without_erroring_on_the_stubs():
    results = run_tests(public_tests(ASSIGNMENT), load_student_file(STUBS))
    assert not any(result.passed for result in results)
    assert all("is not implemented yet" in result.message for result in results)


@pytest.mark.parametrize("body, passes", [
    ("return None", False),
    ("return np.zeros((X.shape[1], len(b)))", False),               # the states of one step
    ("return np.zeros((len(X), X.shape[1], len(b)))", False),       # zeros of the right shape
    ("return np.tanh(np.einsum('tnd,dh->tnh', X, U) + b)", False),  # pure, but no recurrence
    ("X = X.copy()\n    X[0] *= 1\n    return np.array(HAND)", True),   # pure and right
])
def test_the_public_unchanged_test_needs_a_right_answer(body, passes):
    student = load_student(f"import numpy as np\nHAND = {HAND_STATES}\n\n"
                           f"def rnn_forward(X, U, W, b):\n    {body}\n", "rnn.py")
    test = dict(public_tests(ASSIGNMENT))["test_rnn_forward_inputs_unchanged"]
    result = run_test(test, student)
    assert result.passed == passes, result.message
    if not passes:
        assert "it counts only once rnn_forward's answer is right" in result.message


def test_public_tests_cover_every_function():
    from rnn_bptt.feedback import FUNCTIONS, question_of
    assert {question_of(name) for name, _ in public_tests(ASSIGNMENT)} == set(FUNCTIONS)


def test_assignment_folder_holds_no_reference_code_and_no_hidden_test():
    for path in ASSIGNMENT.glob("*.py"):
        text = path.read_text()
        assert "BEGIN SOLUTION" not in text, path
        for module in ("autograder", "solutions"):
            assert f"import {module}" not in text and f"from {module}" not in text, path


def test_pytest_runs_the_public_tests_beside_a_students_file(tmp_path):
    for name in ("conftest.py", "test_rnn_public.py"):
        shutil.copy(ASSIGNMENT / name, tmp_path / name)
    shutil.copy(REFERENCE, tmp_path / "rnn.py")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "test_rnn_public.py"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A student's folder, the current directory, where check() looks for rnn.py and the
    public tests."""
    shutil.copy(ASSIGNMENT / "test_rnn_public.py", tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_says_where_the_public_tests_are_missing(tmp_path, monkeypatch, capsys):
    shutil.copy(REFERENCE, tmp_path / "rnn.py")
    monkeypatch.chdir(tmp_path)
    check("softmax")
    output = capsys.readouterr().out
    assert "there is no test_rnn_public.py in" in output and "Traceback" not in output


def test_check_reports_passing_questions(folder, capsys):
    shutil.copy(REFERENCE, folder / "rnn.py")
    check("rnn_step")
    output = capsys.readouterr().out
    assert "rnn_step: all passed" in output and "Well done!" in output
    assert "bptt" not in output


def test_check_sees_edits_made_after_a_first_check(folder, capsys):
    shutil.copy(STUBS, folder / "rnn.py")
    check("softmax")
    assert "is not implemented yet" in capsys.readouterr().out
    shutil.copy(REFERENCE, folder / "rnn.py")
    check("softmax")
    assert "softmax: all passed" in capsys.readouterr().out


@pytest.mark.parametrize("source, words", [
    (None, "There is no rnn.py"),
    ("def rnn_step(:\n", "SyntaxError at line 1"),
    ("import numpy.not_a_module\n", "ModuleNotFoundError at line 1"),
    ("import scipy.special\ndef softmax(Z):\n    return scipy.special.softmax(Z)\n",
     "your code uses scipy, which this assignment does not allow"),
    ("def softmax(Z):\n    return Z[5]\n", "IndexError"),
])
def test_check_explains_failures_and_never_raises(folder, capsys, source, words):
    if source is not None:
        (folder / "rnn.py").write_text(source)
    check("softmax")
    output = capsys.readouterr().out
    assert "Failed" in output and words in output and "Traceback" not in output


def test_check_names_the_questions_when_given_an_unknown_one(folder, capsys):
    check("backprop")
    assert "the questions are: rnn_step, rnn_forward" in capsys.readouterr().out


def test_format_results_says_how_many_passed():
    results = run_tests(public_tests(ASSIGNMENT), load_student_file(STUBS), "bptt")
    report = format_results(results)
    assert f"0 of {len(results)} checks passed." in report and "Failed" in report
