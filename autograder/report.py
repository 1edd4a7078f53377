"""Writing grading records out: the terminal table, the JSON and CSV files, the feedback files.

Every writer reads the records of rnn_bptt.grading (the entries of the JSON file), so results
read back from a JSON file (`--resume`) are reported exactly like fresh ones. Records hold only
safe text (rnn_bptt.safe_text); the table puts each on one line, and files are written so that
no character can make a write fail.
"""

import csv
import hashlib
import io
import json
import os
import re
import tempfile
import textwrap
from pathlib import Path

from rnn_bptt.safe_text import clean_tree, one_line, spreadsheet_cell


# --------------------------------------------------------------------------------------------
# The terminal table
# --------------------------------------------------------------------------------------------


def number(value):
    """A score as a person writes it: 2, 1.5."""
    return f"{value:g}"


def table(records, questions):
    """One row per record, one numbered column per question (the legend follows), the total.

    `questions` maps each question to its max score, in column order.
    """
    names = [shorten(one_line(record["submission"]), 40) for record in records]
    width = max([len("submission"), *map(len, names)])
    columns = range(1, len(questions) + 1)
    lines = ["submission".ljust(width) + "".join(f"{column:>5}" for column in columns)
             + "    total"]
    for name, record in zip(names, records):
        scores = [record["questions"].get(question, {}).get("score", 0.0) for question in questions]
        total = f"{number(record['score'])}/{number(record['max_score'])}"
        lines.append(name.ljust(width) + "".join(f"{number(score):>5}" for score in scores)
                     + f"{total:>9}" + ("" if record.get("graded", True) else "  NOT GRADED")
                     + ("  OUT OF TIME" if record.get("time_limit_reached") else ""))
    # Non-breaking spaces inside each legend entry, so a line never splits "5 softmax (6)".
    legend = ", ".join(f"{column}\xa0{question}\xa0({number(max_score)})"
                       for column, (question, max_score) in zip(columns, questions.items()))
    lines += ["", *(line.replace("\xa0", " ") for line in
                    textwrap.wrap(f"Questions (max points): {legend}.", 100))]
    if any(record.get("time_limit_reached") for record in records):
        lines += ["", "OUT OF TIME: the submission used up its total time limit (--total-timeout);"
                      " the tests not run by then failed."]
    problems = [f"  {name}: {first_line(record['problem'])}"
                for name, record in zip(names, records) if record.get("problem")]
    if problems:
        lines += ["", "No test could run for:", *problems]
    warnings = [f"  {name}: {first_line(record['warning'])}"
                for name, record in zip(names, records) if record.get("warning")]
    if warnings:
        lines += ["", "Graded, but running the file raised an error:", *warnings]
    return "\n".join(lines)


def shorten(text, width):
    """`text`, cut from the left to `width` characters (the end of a path says the most)."""
    return text if len(text) <= width else "..." + text[-(width - 3):]


def first_line(text):
    """The first line of a message, for a one-line summary (safe for a terminal)."""
    return one_line(text.strip().splitlines()[0] if text.strip() else text)


# --------------------------------------------------------------------------------------------
# Files, always replaced atomically: a reader (or an interrupted run) sees the old file or the
# new one, never half of one. They get the permissions the user's umask gives new files (they
# hold students' names and marks: a umask of 077 keeps them private).
# --------------------------------------------------------------------------------------------


def write_atomically(path, text):
    """Replace the file at `path` with `text`; no temporary file is left behind, whatever
    happens."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    file = tempfile.NamedTemporaryFile("w", encoding="utf-8", errors="backslashreplace",
                                       dir=path.parent, delete=False, prefix=f".{path.name}.",
                                       suffix=".tmp")
    try:
        with file:
            file.write(text)
        os.chmod(file.name, 0o666 & ~umask())
        os.replace(file.name, path)
    except BaseException:
        try:
            os.unlink(file.name)
        except OSError:
            pass
        raise


def umask():
    """The process's umask (read by setting it, then setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_writable(path, folder=False):
    """Why results cannot be written at `path` (a file, or with `folder` a folder of files),
    or None: tried before grading, so a bad path costs no graded work. Makes the folders."""
    path = Path(path)
    if folder and path.exists() and not path.is_dir():
        return f"{path} is a file, not a folder"
    if not folder and path.is_dir():
        return f"{path} is a folder: give the path of a file"
    try:
        target = path if folder else path.parent
        target.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=target).close()
    except OSError as error:
        return f"cannot write into {error.filename or path}: {error.strerror}"
    return None


class JsonFile:
    """The `--json` file of SPEC.md section 4, rewritten as each record arrives.

    Each record is encoded once and kept, so rewriting the whole file after every submission
    of a batch stays cheap.
    """

    def __init__(self, path):
        self.path = path
        self.encoded = {}  # submission path -> its record as JSON text

    def write(self, records, skipped=()):
        """Write `records` and the `skipped` files ({"path", "reason"}: not submissions)."""
        for record in records:
            if record["submission"] not in self.encoded:
                self.encoded[record["submission"]] = textwrap.indent(
                    json.dumps(record, indent=2), "    ")
        body = ",\n".join(self.encoded[record["submission"]] for record in records)
        skipped_text = ",\n".join(f"    {json.dumps(item)}" for item in skipped)
        write_atomically(self.path, '{"submissions": [\n' + body + '\n],\n "skipped": [\n'
                         + skipped_text + "\n]}\n")


def read_json(path):
    """The records of an existing `--json` file, keyed by submission path.

    Raises ValueError with a readable message when the file is not such a file.
    """
    try:
        records, _ = read_results(path)
    except ValueError as error:
        raise ValueError(f"cannot resume from {error}") from None
    return {record["submission"]: record for record in records}


def read_results(path):
    """The records and the skipped files of a `--json` file: (records, skipped).

    Raises ValueError with a readable message (starting with the path) when it is not such a
    file."""
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8"))
        records, skipped = clean_tree(content["submissions"]), content.get("skipped", [])
        if not all({"submission", "questions", "score"} <= record.keys() for record in records):
            raise KeyError("submission")
        return records, skipped
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ValueError(f"{path}: {error}") from None
    except (KeyError, TypeError, AttributeError):
        raise ValueError(f"{path}: it is not a results file of this grader (it needs a list of "
                         f"records under \"submissions\")") from None


def questions_of(records):
    """The questions of `records` and their max scores, in the order of the first record."""
    questions = {}
    for record in records:
        for question, result in record["questions"].items():
            questions.setdefault(question, result.get("max_score", 0.0))
    return questions


def summary(found, graded, kept, skipped, seconds, json_path=None, shown=10):
    """The lines after the table: how many submissions were found, graded, kept and skipped,
    and the files skipped (the first `shown` of them) with the reason."""
    line = (f"Found {found} submission{'s' * (found != 1)}: graded {graded} in {seconds:.1f} s"
            + (f", kept {kept} from {json_path}" if kept else "")
            + (f"; skipped {len(skipped)} file{'s' * (len(skipped) != 1)} that "
               f"{'is' if len(skipped) == 1 else 'are'} not submissions." if skipped
               else "; skipped 0 files."))
    lines = textwrap.wrap(line, 100, break_on_hyphens=False, break_long_words=False)
    for item in skipped[:shown]:
        lines.append(f"  skipped {shorten(item['path'], 60)}: {item['reason']}")
    if len(skipped) > shown:
        lines.append(f"  ... and {len(skipped) - shown} more (the JSON's \"skipped\" lists them)")
    return "\n".join(lines)


def write_csv(path, records, questions):
    """One row per submission: its path, the score of each question, the total, whether it was
    graded and ran out of its total time, any problem (why no test could run) and any warning
    (what running the file raised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["submission", *questions, "score", "max_score", "graded",
                     "time_limit_reached", "problem", "warning"])
    for record in records:
        writer.writerow([
            spreadsheet_cell(record["submission"]),
            *(number(record["questions"].get(question, {}).get("score", 0.0))
              for question in questions),
            number(record["score"]), number(record["max_score"]),
            record.get("graded", True), record.get("time_limit_reached", False),
            spreadsheet_cell(first_line(record.get("problem") or "")),
            spreadsheet_cell(first_line(record.get("warning") or ""))])
    write_atomically(path, buffer.getvalue())


# --------------------------------------------------------------------------------------------
# Feedback for the student
# --------------------------------------------------------------------------------------------


def feedback_filename(submission):
    """The feedback file's name for a submission path: its parts joined, so two students'
    rnn.py in different folders do not overwrite each other: subs/ann/rnn.py gives
    subs__ann__rnn.py.txt. A name that had to be changed to be a safe file name (odd
    characters, "__" of its own, too long) ends with a digest of the whole path, so no two
    submissions share a file.
    """
    parts = [part for part in Path(submission).parts if part not in ("/", ".", "..")]
    name = "__".join(parts or ["submission"])
    safe = re.sub(r"[^\w.+-]", "_", name, flags=re.ASCII)[-150:].lstrip(".")
    if safe != name or any("__" in part for part in parts):
        digest = hashlib.blake2b(submission.encode("utf-8", "surrogatepass"),
                                 digest_size=4).hexdigest()
        safe = f"{safe}-{digest}"
    return safe + ".txt"


# Printed output echoed into a feedback file: at most this many lines, each cut to the width.
OUTPUT_LINES = 20


def feedback(record, echo_output=True):
    """The report a student reads: the score, where to start, one block per question that lost
    points (its diagnosis once, its failing tests, the first failure), what the code printed
    (the first OUTPUT_LINES lines; none unless `echo_output`) and how it ran. Every test's full
    message stays in the JSON."""
    title = f"Feedback on {record['submission']}"
    lines = [title, "=" * len(title), "",
             f"Score: {number(record['score'])} / {number(record['max_score'])}", ""]
    if record["submission"].endswith(".ipynb"):
        lines += ["Your notebook's code cells ran one after the other, as in Jupyter. \"cell 3\" "
                  "below is the",
                  "third cell from the top (markdown cells count), and a line number counts the "
                  "lines of that cell.", ""]
    if record.get("warning"):
        lines += ["Your functions were graded, but running your code raised an error, so what "
                  "came after it", "did not run:", "",
                  textwrap.indent(record["warning"].strip(), "    "), ""]
    if record.get("time_limit_reached"):
        lines += ["Your code used up the time a submission may take (all its calls together), "
                  "so the tests", "that had not run by then failed. Look for an endless loop, "
                  "or a computation far slower", "than it needs to be.", ""]
    if record.get("problem"):
        lines += ["No test could run, because of this problem:", "",
                  textwrap.indent(record["problem"].strip(), "    "), ""]
    else:
        lines += question_lines(record["questions"])
    lines += output_lines(record.get("output") or "", echo_output)
    lines += ["", textwrap.fill(f"How it was run: {record.get('isolation', 'unknown')}", 100), ""]
    return "\n".join(lines)


def question_lines(questions):
    """Where to start, a block per question that lost points, and the others in one line."""
    # Imported here: the feedback package imports NumPy, which `grade` imports only once the
    # sandbox's zygote has started (see cli); the table and the CSV need none of it.
    from rnn_bptt.feedback import reporting

    lost = {question: result for question, result in questions.items()
            if result["score"] < result["max_score"]}
    diagnoses = {question: result.get("diagnosis") or {"headline": "see below", "lines": []}
                 for question, result in lost.items()}
    lines = reporting.start_here(diagnoses)
    for question, result in lost.items():
        heading = f"{question}: {number(result['score'])} / {number(result['max_score'])}"
        lines += ["", *reporting.question_block(heading, question, result["tests"],
                                                diagnoses[question])]
    full = [question for question in questions if question not in lost]
    if full:
        lines += ["", *textwrap.wrap(f"Full marks on {len(full)} question"
                                     f"{'s' * (len(full) != 1)}: {', '.join(full)}.", 100)]
    return lines


def output_lines(output, echo_output):
    from rnn_bptt.feedback import reporting   # here, as in question_lines

    output = output.rstrip()
    if not output:
        return ["", "Your code printed nothing while it was graded."]
    if not echo_output:
        return ["", "Your code printed something while it was graded (not shown here)."]
    printed = output.splitlines()
    shown = [reporting.shorten(line) for line in printed[:OUTPUT_LINES]]
    if len(printed) > OUTPUT_LINES:
        shown.append(f"... ({len(printed) - OUTPUT_LINES} more lines not shown)")
    return ["", "What your code printed while it was graded:",
            *(f"    | {line}" for line in shown)]


def write_feedback(folder, record, echo_output=True):
    write_atomically(Path(folder) / feedback_filename(record["submission"]),
                     feedback(record, echo_output))
