"""Gradescope's side of grading: its folders, its submission metadata, its results.json.

On Gradescope, `run_autograder` (written by `rnn-autograder build`) runs `rnn-autograder
gradescope`, which grades the submission with the same engine and sandbox as `rnn-autograder
grade` and turns the record (rnn_bptt.grading) into the results.json Gradescope documents
(https://gradescope-autograders.readthedocs.io/en/latest/specs/):

    ROOT/source/                    the autograder zip, unpacked
    ROOT/submission/                what the student uploaded
    ROOT/submission_metadata.json   the student, the assignment, previous submissions' scores
    ROOT/results/results.json       what this module writes

ROOT is /autograder on Gradescope; the environment variable AUTOGRADER_ROOT moves it (tests lay
the folders out elsewhere).
"""

import json
import os
import re
from pathlib import Path

from rnn_bptt import report
from rnn_bptt.safe_text import clean, path_text
from rnn_bptt.submissions import SUFFIXES

ROOT_VARIABLE = "AUTOGRADER_ROOT"
DEFAULT_ROOT = "/autograder"
# Gradescope's visibility settings, from most to least shown.
VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")
WHEN_SHOWN = {
    "after_due_date": "after the due date",
    "after_published": "once your instructor publishes the grades",
    "hidden": "only to your instructor",
}
# Every text we write is shown as plain text: a student's messages and printed output must never
# be rendered as HTML or Markdown (Gradescope's default for the top-level output is HTML-like).
TEXT = "text"
# Folders of a submission that hold no submission (editor and Jupyter leftovers).
NOT_SUBMITTED = {"__pycache__", ".ipynb_checkpoints", "__MACOSX"}


def root(argument=None):
    """The Gradescope root folder: `argument`, else $AUTOGRADER_ROOT, else /autograder."""
    return Path(argument or os.environ.get(ROOT_VARIABLE) or DEFAULT_ROOT)


# --------------------------------------------------------------------------------------------
# The submission and its metadata
# --------------------------------------------------------------------------------------------


def find_submission(folder):
    """The file to grade in Gradescope's submission `folder`, and every candidate found.

    Students upload rnn.py, a notebook, or their whole bundle (rnn.py beside the public tests
    and rnn_feedback/), sometimes inside a folder: the file named rnn.py comes first, then the
    file that defines the most of the assignment's functions (a .py before a notebook, the
    shallowest first). With no .py or .ipynb file at all it is the folder itself, which the
    grader reports as having nothing to grade.
    """
    folder = Path(folder)
    candidates = sorted(
        (path for path in folder.rglob("*") if path.is_file() and path.suffix in SUFFIXES
         and not any(part.startswith(".") or part in NOT_SUBMITTED
                     for part in path.relative_to(folder).parts)),
        key=lambda path: (path.name != "rnn.py", -functions_defined(path),
                          path.suffix != ".py", len(path.parts), str(path)))
    return (candidates[0] if candidates else folder), candidates


def functions_defined(path):
    """How many of the assignment's functions a file's text defines (`def rnn_step(`...)."""
    from rnn_bptt.feedback.questions import FUNCTIONS   # imports NumPy: only when grading

    try:
        source = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    return sum(f"def {function}(" in source for function in FUNCTIONS)


def read_metadata(path):
    """Gradescope's submission_metadata.json as a dict; {} when absent or unreadable (the
    results then simply leave out what it would have added)."""
    try:
        metadata = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return metadata if isinstance(metadata, dict) else {}


def students(metadata):
    """Who submitted, as a line: "Ann Lee (1234)", names joined for a group; None if unknown."""
    users = [user for user in metadata.get("users") or [] if isinstance(user, dict)]
    names = [clean(f"{user.get('name') or user.get('email') or 'student'}"
                   + (f" ({user['id']})" if user.get("id") is not None else ""))
             for user in users]
    return " and ".join(names) or None


def previous_score(metadata):
    """The score of the latest previous submission Gradescope graded (not those its autograder
    failed on), or None."""
    graded = [entry for entry in metadata.get("previous_submissions") or []
              if isinstance(entry, dict) and not entry.get("autograder_error")
              and as_number(entry.get("score")) is not None]
    if not graded:
        return None
    latest = max(graded, key=lambda entry: str(entry.get("submission_time") or ""))
    return as_number(latest["score"])


def as_number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def score_change(metadata, score, max_score):
    """"Your score went from 48 to 71 (of 100) since your last submission.", or None."""
    before = previous_score(metadata)
    if before is None:
        return None
    of = f" (of {report.number(max_score)})"
    if before == score:
        return f"Your score stayed at {report.number(score)}{of} since your last submission."
    return (f"Your score went from {report.number(before)} to {report.number(score)}{of} since "
            f"your last submission.")


# --------------------------------------------------------------------------------------------
# results.json
# --------------------------------------------------------------------------------------------


def results(record, visibility="after_published", metadata=None, execution_time=None,
            graded_file=None, candidates=()):
    """Gradescope's results.json (a dict) for one grading `record`.

    One test per hidden test, named and tagged by its question and numbered question.test, its
    output the student's message (the question's diagnosis first, on its first failing test),
    at `visibility`. The top-level output, which Gradescope shows at once, says who submitted,
    which file was graded, why no test could run (a file that does not load is a
    pre-submission check students should see) and how the sandbox ran it; where to start, the
    score's change since the last submission and what the code printed join it when the tests
    are `visible`, and otherwise come as a first test at the tests' own visibility, so that
    nothing there shows a score before the tests do.
    """
    metadata = metadata or {}
    tests = hidden_tests(record, visibility)
    summary = summary_lines(record, metadata)
    heading = [f"RNN assignment: {who}" for who in [students(metadata)] if who]
    if graded_file:   # names the student chose: as text that cannot act on a page or terminal
        others = [path_text(path) for path in candidates if Path(path) != Path(graded_file)]
        heading.append(f"Graded {path_text(graded_file)}" + (f" (not {', '.join(others)})"
                                                              if others else "") + ".")
    top = [*heading, "", *report.status_lines(record)]
    if visibility == "visible":
        top += summary
    else:
        top += [f"Your results (the score, each test, and where to start) are shown "
                f"{WHEN_SHOWN[visibility]}."]
        tests.insert(0, {"name": "Summary: where to start", "number": "0",
                         "status": "passed" if record["score"] >= record["max_score"]
                         else "failed",
                         "output": text(summary), "visibility": visibility})
    top += ["", report.how_it_ran(record)]
    return {
        "score": record["score"],
        **({"execution_time": round(execution_time, 3)} if execution_time is not None else {}),
        "output": text(top),
        "output_format": TEXT, "test_output_format": TEXT, "test_name_format": TEXT,
        "visibility": visibility,
        "stdout_visibility": "hidden",   # the grader's log, for instructors
        "extra_data": {
            "max_score": record["max_score"],
            "questions": {question: result["score"]
                          for question, result in record["questions"].items()},
            "problem": record.get("problem"), "time_limit_reached":
                record.get("time_limit_reached", False),
            "isolation": record.get("isolation"),
            # Which sandbox layers held in this container, which were missing and why
            # (sandbox.layers.report): namespaces and cgroups are absent from Docker's default.
            "sandbox": record.get("sandbox"),
        },
        "tests": tests,
    }


def hidden_tests(record, visibility):
    """One Gradescope test per hidden test of the `record`, in question order: named after its
    question (its description starts with the function's name, or is prefixed with it), tagged
    with it, numbered question.test, its message as output, the question's diagnosis before the
    message of its first failing test."""
    tests = []
    for number, (question, result) in enumerate(record["questions"].items(), start=1):
        diagnosis = result.get("diagnosis")
        for index, test in enumerate(result["tests"], start=1):
            output = (test["message"] or "").strip()
            if diagnosis and not test["passed"]:
                output = "\n".join(diagnosis["lines"]) + "\n\n" + output
                diagnosis = None   # said once
            name = test["description"] or test["name"]
            tests.append({
                "name": name if name.startswith(question) else f"{question}: {name}",
                "number": f"{number}.{index}",
                "score": test["score"], "max_score": test["max_score"],
                "status": "passed" if test["score"] >= test["max_score"] else "failed",
                **({"output": output} if output else {}),
                "tags": [question], "visibility": visibility,
            })
    return tests


def summary_lines(record, metadata):
    """The score and its change, where to start, and what the code printed (20 lines at most)."""
    lines = [f"Score: {report.number(record['score'])} / {report.number(record['max_score'])}"]
    change = score_change(metadata, record["score"], record["max_score"])
    if change:
        lines.append(change)
    if not record.get("problem"):
        lines += ["", *report.question_lines(record["questions"], blocks=False)]
    return lines + report.output_lines(record.get("output") or "", echo_output=True)


def text(lines):
    """Lines as one text, with at most one blank line in a row."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def write(path, content):
    """Write results.json atomically (Gradescope never reads half a file)."""
    report.write_atomically(path, json.dumps(content, indent=2) + "\n")
