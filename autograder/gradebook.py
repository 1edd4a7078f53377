"""The gradebook: one CSV row per student with the total score, in Canvas's import format.

Canvas imports a CSV (Grades > Import) whose first columns say who a row is and whose other
columns are assignments: `Student, ID, SIS User ID, SIS Login ID, Section, <assignment>`; it
matches a row to a student by ID (the Canvas user id of its submission files' names) or, failing
that, by SIS User ID or SIS Login ID. The second row, "Points Possible", gives the assignment's
maximum, as Canvas's own export does. A group's submission (Gradescope) gives each member a row;
a file that is not a submission never reaches it; a submission the grader failed on has an empty
score, so that importing leaves the student's grade alone instead of writing a zero.
"""

import csv
import io

from rnn_bptt.report import number, write_atomically

ASSIGNMENT = "RNN assignment"
COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def rows(records):
    """(student, score) pairs: each student of each record, with the record's total (or None
    when the grader failed on it)."""
    for record in records:
        score = record["score"] if record.get("graded", True) else None
        for student in record.get("students") or [{"name": record["submission"]}]:
            yield student, score


def write_canvas(path, records, assignment=ASSIGNMENT):
    """Write the gradebook of `records` at `path`, the scores in the column `assignment` (Canvas
    names an existing assignment's column "Name (id)", e.g. "RNN assignment (12345)")."""
    max_score = max((record["max_score"] for record in records), default=0.0)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*COLUMNS, assignment])
    writer.writerow(["Points Possible", "", "", "", "", number(max_score)])
    for student, score in rows(records):
        writer.writerow([student.get("name", ""), student.get("id", ""),
                         student.get("sis_id", ""), student.get("email", ""), "",
                         "" if score is None else number(score)])
    write_atomically(path, buffer.getvalue())
