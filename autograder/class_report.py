"""The class report: one self-contained HTML page on how a class did, for its teachers.

From the records of a batch (the `--json` file): the score distribution, each question's
distribution and mean, the tests and the misconceptions most failed, the submissions that hung,
crashed or could not load, the files skipped, and a table of every submission linking to its
feedback (each one's feedback is in the page too, so the page alone is enough). The plots are
PNG images drawn with matplotlib and embedded as data: URIs; the page is a jinja2 template
(templates/class_report.html). Both libraries come with the [report] extra.
"""

import base64
import io
import os
from collections import Counter
from pathlib import Path
from statistics import mean, median

import jinja2
import matplotlib

matplotlib.use("Agg")   # files only, never a window
from matplotlib import pyplot  # noqa: E402  (after choosing the backend)

from rnn_bptt import report  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent / "templates"
MOST_COMMON = 15   # rows of the "most failed" tables
COLOUR = "#3b6ea8"


def write(path, records, skipped, questions, feedback_dir=None):
    """Write the class report of `records` (with the `skipped` files) at `path`. Each
    submission links to its feedback file in `feedback_dir` if given (as a path relative to the
    page), and to its feedback in the page in any case."""
    report.write_atomically(path, render(records, skipped, questions,
                                         feedback_links(path, records, feedback_dir)))


def render(records, skipped, questions, links=None):
    """The page's HTML text."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                     autoescape=True, trim_blocks=True, lstrip_blocks=True)
    loaded = [record for record in records if not record.get("problem")]
    return environment.get_template("class_report.html").render(
        summary=class_summary(records, skipped),
        questions=question_rows(loaded, questions),
        plots={"scores": score_plot(records), "questions": question_plot(loaded, questions)},
        failing_tests=failing_tests(loaded),
        misconceptions=misconceptions(loaded),
        trouble=trouble(records),
        rows=submission_rows(records, questions, links or {}),
        folder=common_folder(records),
        question_names=list(questions),
        skipped=skipped)


# --------------------------------------------------------------------------------------------
# What the page says
# --------------------------------------------------------------------------------------------


def class_summary(records, skipped):
    scores = [record["score"] for record in records]
    max_score = max((record["max_score"] for record in records), default=0.0)
    return {"submissions": len(records), "max_score": report.number(max_score),
            "mean": report.number(round(mean(scores), 1)) if scores else "-",
            "median": report.number(round(median(scores), 1)) if scores else "-",
            "full_marks": sum(record["score"] >= record["max_score"] for record in records),
            "late": sum(bool(record.get("late")) for record in records),
            "unloadable": sum(bool(record.get("problem")) for record in records),
            "skipped": len(skipped)}


def question_rows(records, questions):
    """Per question: its points, mean score, share of full marks, of the submissions that
    loaded (one that could not load says nothing about a question)."""
    rows = []
    for question, max_score in questions.items():
        scores = [record["questions"].get(question, {}).get("score", 0.0) for record in records]
        rows.append({"name": question, "max_score": report.number(max_score),
                     "mean": report.number(round(mean(scores), 2)) if scores else "-",
                     "mean_percent": round(100 * mean(scores) / max_score) if scores and max_score
                     else 0,
                     "full": sum(score >= max_score for score in scores)})
    return rows


def failing_tests(records):
    """The tests failed by the most submissions: (question, test, description, count)."""
    counts, descriptions = Counter(), {}
    for record in records:
        for question, result in record["questions"].items():
            for test in result.get("tests", []):
                if not test.get("passed"):
                    counts[question, test["name"]] += 1
                    descriptions[question, test["name"]] = test.get("description", "")
    return [{"question": question, "test": test, "description": descriptions[question, test],
             "count": count} for (question, test), count in counts.most_common(MOST_COMMON)]


def misconceptions(records):
    """The misconceptions of the catalogue that the diagnoses named most often: (name, its
    explanation, the questions, count of submissions)."""
    from rnn_bptt.misconceptions import CATALOGUE

    explained = {entry.name: entry.explanation for entry in CATALOGUE}
    counts, where = Counter(), {}
    for record in records:
        named = set()
        for question, result in record["questions"].items():
            for name in (result.get("diagnosis") or {}).get("names", []):
                if name in explained:
                    named.add(name)
                    where.setdefault(name, set()).add(question)
        counts.update(named)
    return [{"name": name, "explanation": explained[name], "questions": sorted(where[name]),
             "count": count} for name, count in counts.most_common(MOST_COMMON)]


def trouble(records):
    """The submissions that could not load, ran out of time, had a call stopped (a hang), raised
    while their file ran, or that the grader failed on: (kind, submission, first line)."""
    found = []
    for record in records:
        name = record["submission"]
        if not record.get("graded", True):
            found.append(("grader failed", name, report.first_line(record.get("problem") or "")))
        elif record.get("problem"):
            found.append(("could not load", name, report.first_line(record["problem"])))
        if record.get("time_limit_reached"):
            found.append(("out of time", name, "used up its total time; later tests failed"))
        hung = sorted({question for question, result in record["questions"].items()
                       for test in result.get("tests", [])
                       if "did not finish within" in (test.get("message") or "")})
        if hung and not record.get("time_limit_reached"):
            found.append(("hung", name, f"a call did not finish in time: {', '.join(hung)}"))
        if record.get("warning"):
            found.append(("crashed while loading", name, report.first_line(record["warning"])))
    return [{"kind": kind, "submission": name, "detail": detail} for kind, name, detail in found]


def submission_rows(records, questions, links):
    folder = common_folder(records)
    rows = []
    for number, record in enumerate(records, start=1):
        students = record.get("students") or []
        rows.append({
            "anchor": f"feedback-{number}", "submission": shown(record["submission"], folder),
            "student": "; ".join(student.get("name", "") for student in students),
            "id": "; ".join(student.get("id") or student.get("sis_id") or ""
                            for student in students),
            "late": record.get("late"), "file": record.get("file"),
            "chosen": record.get("chosen"),
            "score": score(record["score"]),
            "max_score": score(record["max_score"]),
            "questions": [score(record["questions"].get(question, {}).get("score", 0.0))
                          for question in questions],
            "flags": ", ".join(flag for flag, present in (
                ("could not load", record.get("problem")),
                ("out of time", record.get("time_limit_reached")),
                ("not graded", not record.get("graded", True))) if present),
            "link": links.get(record["submission"]),
            "feedback": report.feedback(record, echo_output=False)})
    return rows


def score(value):
    """A score for the page: at most two decimals (a shared test's thirds: 2.58)."""
    return report.number(round(value, 2))


def common_folder(records):
    """The folder all submissions are in (the table shows paths from there), or ""."""
    paths = [record["submission"] for record in records]
    try:
        folder = os.path.commonpath(paths) if len(paths) > 1 else os.path.dirname(paths[0])
    except (ValueError, IndexError):   # absolute and relative paths mixed, or none
        return ""
    return folder if folder not in paths else os.path.dirname(folder)


def shown(path, folder):
    return os.path.relpath(path, folder) if folder else path


def feedback_links(page, records, feedback_dir):
    """Each submission's feedback file, as a link relative to the page (none without a
    folder)."""
    if not feedback_dir:
        return {}
    base = Path(page).resolve().parent
    return {record["submission"]: Path(os.path.relpath(
        Path(feedback_dir).resolve() / report.feedback_filename(record["submission"]), base))
        .as_posix() for record in records}


# --------------------------------------------------------------------------------------------
# The plots
# --------------------------------------------------------------------------------------------


def png(figure):
    """`figure` as a data: URI of a PNG image (and closed)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    pyplot.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def score_plot(records):
    """A histogram of the total scores."""
    scores = [record["score"] for record in records]
    max_score = max((record["max_score"] for record in records), default=100.0) or 100.0
    figure, axes = pyplot.subplots(figsize=(7, 3))
    axes.hist(scores, bins=20, range=(0, max_score), color=COLOUR, edgecolor="white")
    axes.set_xlabel(f"score (of {report.number(max_score)})")
    axes.set_ylabel("submissions")
    axes.set_title("Total scores")
    axes.spines[["top", "right"]].set_visible(False)
    return png(figure)


def question_plot(records, questions):
    """Each question's scores, of the submissions that loaded: the share with full marks, with
    part of the points and with none, as one bar, and the mean score as a share of the points."""
    names = list(questions)
    counts = {kind: [] for kind in ("full marks", "part", "none")}
    means = []
    for name in names:
        scores = [record["questions"].get(name, {}).get("score", 0.0) for record in records]
        total = len(scores) or 1
        counts["full marks"].append(100 * sum(s >= questions[name] for s in scores) / total)
        counts["none"].append(100 * sum(s <= 0 for s in scores) / total)
        counts["part"].append(100 - counts["full marks"][-1] - counts["none"][-1])
        means.append(100 * mean(scores) / questions[name] if scores else 0.0)
    figure, axes = pyplot.subplots(figsize=(8, 0.42 * len(names) + 1.2))
    left = [0.0] * len(names)
    for kind, colour in zip(counts, (COLOUR, "#f0b44c", "#c8423b")):
        axes.barh(names, counts[kind], left=left, color=colour, label=kind, height=0.7)
        left = [start + width for start, width in zip(left, counts[kind])]
    for row, value in enumerate(means):
        axes.text(101, row, f"mean {value:.0f}%", va="center", fontsize=8)
    axes.invert_yaxis()   # the first question at the top, as in the table
    axes.set_xlim(0, 118)
    axes.set_xticks(range(0, 101, 20))
    axes.set_xlabel("% of the submissions that loaded")
    axes.set_title("Scores by question", pad=24)
    axes.legend(loc="lower center", bbox_to_anchor=(0.43, 1.0), ncol=3, frameon=False,
                fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    return png(figure)
