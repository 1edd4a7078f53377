"""The public tests, for students: check("rnn_step") in the notebook, and the report it prints."""

import importlib.util
from pathlib import Path

from .loading import load_student_file
from .runner import collect_tests, run_tests

PUBLIC_TESTS = "test_rnn_public.py"   # beside the student's rnn.py


def public_tests(folder="."):
    """The public tests of <folder>/test_rnn_public.py, as (name, function) pairs."""
    path = Path(folder) / PUBLIC_TESTS
    if not path.is_file():
        raise FileNotFoundError(f"there is no {PUBLIC_TESTS} in {Path(folder).resolve()}: run "
                                f"this in the folder that holds your rnn.py and {PUBLIC_TESTS}.")
    spec = importlib.util.spec_from_file_location("test_rnn_public", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return collect_tests(module)


def public_results(question=None, module_name="rnn", folder="."):
    """Run the public tests of `question` (all if None) against <folder>/<module_name>.py.

    The file is read afresh on every call, so the latest saved edits are the ones checked.
    """
    student = load_student_file(Path(folder) / f"{module_name}.py")
    return run_tests(public_tests(folder), student, question)


def format_results(results):
    """A friendly report: one block per question, passed or failed, with the failure messages."""
    if not results:
        return "No tests to run."
    lines = []
    for question in dict.fromkeys(result.question for result in results):
        mine = [result for result in results if result.question == question]
        passed = sum(result.passed for result in mine)
        mark = "all passed" if passed == len(mine) else f"{passed} of {len(mine)} passed"
        lines.append(f"{question}: {mark}")
        for result in mine:
            lines.append(f"  {'ok  ' if result.passed else 'FAIL'} {result.description}")
            if not result.passed:
                lines += [f"       {line}" for line in result.message.splitlines()]
    total = sum(result.passed for result in results)
    lines.append("")
    lines.append(f"{total} of {len(results)} checks passed."
                 + (" Well done!" if total == len(results) else ""))
    return "\n".join(lines)


def check(question=None, module_name="rnn"):
    """Check your rnn.py (in the current folder) with the public tests, and print a report.

    check("rnn_step") checks one function; check() checks them all. It never raises.
    """
    try:
        report = format_results(public_results(question, module_name))
    except Exception as error:  # a report must come out whatever happened
        report = f"The check could not run: {error}"
    print(report)
