"""The public tests, for students: check("rnn_step") in the notebook, and the report it prints.

The report diagnoses the public tests' failures as the grader diagnoses the hidden ones, the
misconceptions being looked up in known_answers (digests made for the public inputs by
`rnn-autograder generate`): no reference code, no answer, is shipped.
"""

import importlib.util
from pathlib import Path

from . import known_answers, reporting
from .answers import Digested
from .diagnosis import diagnose
from .loading import load_student_file
from .recording import arguments_digest
from .questions import question_of
from .runner import check_question, collect_tests, run_test

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


class KnownAnswers:
    """The diagnosis's `answers` on the public inputs, from known_answers' digests."""

    def misconceptions(self, function):
        return sorted({name for answer_function, known in known_answers.ANSWERS.values()
                       if answer_function == function for name in known if name})

    def explanation(self, name):
        return known_answers.EXPLANATIONS[name]

    def answer(self, name, function, args):
        answer_function, known = known_answers.ANSWERS.get(arguments_digest(args), (None, {}))
        if answer_function != function:
            return None
        answer = known.get(name or "", known[""])   # absent: it answers as the right one does
        if isinstance(answer, str):
            return Digested(raised=answer.removeprefix("raised: "))
        return Digested(answer)

    def partial_answers(self, function, args):
        return {}   # the public checks name only the catalogue's misconceptions and patterns


def public_results(question=None, module_name="rnn", folder="."):
    """Run the public tests of `question` (all if None) against <folder>/<module_name>.py, and
    diagnose the failing questions.

    The file is read afresh on every call, so the latest saved edits are the ones checked.
    """
    student = load_student_file(Path(folder) / f"{module_name}.py")
    return run_diagnosed(public_tests(folder), student, question)


def run_diagnosed(tests, student, question=None):
    """run_tests, recording which other functions each test's calls reach, then diagnose: a
    question whose failing tests all reach another failing function is told to start there
    (the public checks have no correct stand-ins to carry errors forward with)."""
    check_question(question)
    results = []
    for name, test in tests:
        if question is not None and question_of(name) != question:
            continue
        with student.recording() as reached:
            result = run_test(test, student, name)
        result.reached = set(reached)
        results.append(result)
    diagnose(results, KnownAnswers())
    return results


def format_results(results):
    """A friendly report: where to start, then each question, with a block for each failing
    one (its diagnosis once, its failing tests, the first failure)."""
    if not results:
        return "No tests to run."
    questions = list(dict.fromkeys(result.question for result in results))
    failing = {}
    for result in results:
        if not result.passed and result.question not in failing:
            failing[result.question] = diagnosis_record(result)
    lines = reporting.start_here(failing)
    for question in questions:
        mine = [result for result in results if result.question == question]
        passed = sum(result.passed for result in mine)
        if question not in failing:
            lines.append(f"{question}: all passed")
            continue
        tests = [{"name": result.name, "description": result.description, "passed":
                  result.passed, "message": result.message, "max_score": result.max_points}
                 for result in mine]
        heading = f"{question}: {passed} of {len(mine)} passed"
        lines += ["", *reporting.question_block(heading, question, tests, failing[question]),
                  ""]
    total = sum(result.passed for result in results)
    lines.append("")
    lines.append(f"{total} of {len(results)} checks passed."
                 + (" Well done!" if total == len(results) else ""))
    return "\n".join(lines)


def diagnosis_record(result):
    """The diagnosis of a failing result's question, or its message's first line when it was
    not diagnosed."""
    if result.diagnosis is not None:
        return result.diagnosis.record()
    return {"headline": result.message.strip().splitlines()[0], "lines": []}


def check(question=None, module_name="rnn"):
    """Check your rnn.py (in the current folder) with the public tests, and print a report.

    check("rnn_step") checks one function; check() checks them all. It never raises.
    """
    try:
        report = format_results(public_results(question, module_name))
    except Exception as error:  # a report must come out whatever happened
        report = f"The check could not run: {error}"
    print(report)
