"""pytest support for the hidden suites: `pytest autograder/hidden --submission PATH`.

The `student` fixture loads the submission (default: the reference, solutions/rnn.py) in this
process. A file that cannot be loaded (a syntax error, a failing import) makes every test fail
with the reason, never error out. The summary at the end gives the points per question.
"""

import pytest

from rnn_bptt.hidden import load_submission
from rnn_bptt.feedback import FUNCTIONS, question_of
from rnn_bptt.solutions import REFERENCE
EARNED = pytest.StashKey[dict]()  # test name -> (question, points, passed)


def pytest_addoption(parser):
    parser.addoption("--submission", default=str(REFERENCE),
                     help="the submission to grade (.py or .ipynb); default: the reference")


@pytest.fixture(scope="session")
def student(request):
    return load_submission(request.config.getoption("--submission"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    test = getattr(item, "function", None)
    if report.when == "call" and test is not None:
        earned = item.config.stash.setdefault(EARNED, {})
        earned[item.name] = (question_of(item.name), getattr(test, "points", 0.0),
                             report.passed)


def pytest_terminal_summary(terminalreporter, config):
    earned = config.stash.get(EARNED, {})
    if not earned:
        return
    terminalreporter.section("points per question")
    total = maximum = 0.0
    for question in FUNCTIONS:
        rows = [row for row in earned.values() if row[0] == question]
        if not rows:
            continue
        score = sum(points for _, points, passed in rows if passed)
        most = sum(points for _, points, _ in rows)
        total, maximum = total + score, maximum + most
        terminalreporter.write_line(f"{question:<28}{score:>6g} / {most:g}")
    terminalreporter.write_line(f"{'total':<28}{total:>6g} / {maximum:g}")
